package com.nimbus.incidents.command.signal;

import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager's webhook payload, version 4, field by field as Alertmanager
 * sends it (any other field is refused). Times stay text until {@link SignalReader} reads
 * them, so that a wrong one is named in the answer.
 */
record AlertmanagerWebhook(String version, String groupKey, Integer truncatedAlerts, String status, String receiver,
		Map<String, String> groupLabels, Map<String, String> commonLabels, Map<String, String> commonAnnotations,
		String externalURL, List<Alert> alerts) {

	record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
			String endsAt, String generatorURL, String fingerprint) {
	}

}
