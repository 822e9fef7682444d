package com.nimbus.incidents.events;

public enum DetectionSource {

	MONITORING, CUSTOMER_REPORT, INTERNAL_REPORT, PROVIDER_NOTICE

}
