package com.nimbus.incidents.e2e;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alert in us-east-1 as Prometheus posts it to Alertmanager ({@code POST
 * /api/v2/alerts}), and the timeline text the platform writes for it.
 *
 * @param instance the label that tells alerts of one service apart (so each has its own
 * fingerprint)
 * @param errorRate the {@code error_rate} annotation, or {@code null}
 */
record PrometheusAlert(String instance, String severity, String service, Instant startsAt, String summary,
		String errorRate) {

	static final String REGION = "us-east-1";

	/**
	 * Its JSON: firing, or resolved when {@code endsAt} is given.
	 */
	Map<String, Object> json(Instant endsAt) {
		Map<String, Object> annotations = new LinkedHashMap<>();
		annotations.put("summary", this.summary);
		if (this.errorRate != null) {
			annotations.put("error_rate", this.errorRate);
		}
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("labels", Map.of("alertname", "ServiceErrors", "severity", this.severity, "service", this.service,
				"region", REGION, "instance", this.instance));
		alert.put("annotations", annotations);
		alert.put("startsAt", this.startsAt.toString());
		if (endsAt != null) {
			alert.put("endsAt", endsAt.toString());
		}
		return alert;
	}

	/**
	 * The timeline's {@code SignalReceived} text for it ({@code firing} or
	 * {@code resolved}) from {@code source}.
	 */
	String timelineText(String status, String source) {
		return "Signal " + status + " from " + source + " on " + this.service + " in " + REGION + " (" + level()
				+ ((this.errorRate != null) ? ", error rate " + percent() + "%" : "") + "): " + this.summary;
	}

	/**
	 * The level its {@code severity} label maps to (signals.md).
	 */
	String level() {
		return switch (this.severity) {
			case "critical" -> "MAJOR_OUTAGE";
			case "warning", "error" -> "PARTIAL_OUTAGE";
			default -> "DEGRADED_PERFORMANCE";
		};
	}

	private String percent() {
		return new BigDecimal(this.errorRate).movePointRight(2).stripTrailingZeros().toPlainString();
	}

}
