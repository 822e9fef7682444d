package com.nimbus.incidents.notifier.channel;

public enum ChannelKind {

	WEBHOOK, SLACK, EMAIL

}
