package com.nimbus.incidents.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alert storm of the {@code signals} workload, as Alertmanager would send it: webhook
 * bodies (version 4) of {@link #ALERTS_PER_BODY} firing alerts each, all
 * {@code severity: critical}, over {@code fingerprints} distinct alerts spread evenly
 * over {@link #COMPONENTS} components (service x region).
 * <p>
 * The outage spreads: the alerts start firing one after another over the first half of
 * the storm (each component's alerts one after the other, so the components' first
 * signals are spread over those seconds too), and every other signal repeats an alert
 * already firing, in turn, as Alertmanager's repeated notifications do. So most signals
 * are repeats, and each component's first signal arrives while the storm goes on.
 */
final class AlertStorm {

	static final int ALERTS_PER_BODY = 100;

	/** Components of the storm: ten services in five regions. */
	static final int COMPONENTS = 50;

	private static final List<String> SERVICES = List.of("compute-api", "object-storage", "block-storage", "dns",
			"load-balancer", "managed-db", "queue", "cache", "identity", "cdn");

	private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
			"ap-southeast-1");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One distinct alert.
	 */
	record Alert(String fingerprint, int component, Instant startsAt) {
	}

	record Component(String service, String region) {
	}

	private final List<Component> components = new ArrayList<>();

	private final List<Alert> alerts = new ArrayList<>();

	/** Per body, the alerts it holds (indexes into {@link #alerts}). */
	private final List<int[]> bodies = new ArrayList<>();

	/** Per component, the first body holding one of its alerts. */
	private final int[] firstBody;

	/**
	 * @param signals signals in the whole storm (at least {@code fingerprints})
	 * @param fingerprints distinct alerts
	 * @param startsAt when the first alert started firing
	 * @param zone what the storm's regions end with ({@code ""} for the real ones): a
	 * warm-up storm on other components leaves the measured storm's components untouched
	 */
	AlertStorm(int signals, int fingerprints, Instant startsAt, String zone) {
		int componentCount = Math.min(COMPONENTS, fingerprints);
		for (int c = 0; c < componentCount; c++) {
			this.components.add(new Component(SERVICES.get(c % SERVICES.size()),
					REGIONS.get((c / SERVICES.size()) % REGIONS.size()) + zone));
		}
		int run = (int) (startsAt.getEpochSecond() & 0x7fffffff);
		// alert k fires first at position first(k) of the storm: spread over its first
		// half, or one after the other when there are too few signals for that
		long spread = Math.max(fingerprints, signals / 2);
		for (int k = 0; k < fingerprints; k++) {
			this.alerts.add(new Alert(String.format("%08x%08x%s", run, k, zone),
					(int) ((long) k * componentCount / fingerprints), startsAt.plusMillis(k)));
		}
		this.firstBody = new int[componentCount];
		java.util.Arrays.fill(this.firstBody, -1);
		int introduced = 0;
		int repeat = 0;
		int[] body = null;
		for (int position = 0; position < signals; position++) {
			if (position % ALERTS_PER_BODY == 0) {
				body = new int[Math.min(ALERTS_PER_BODY, signals - position)];
				this.bodies.add(body);
			}
			int alert;
			if (introduced < fingerprints && position >= introduced * spread / fingerprints) {
				alert = introduced++;
				int component = this.alerts.get(alert).component();
				if (this.firstBody[component] < 0) {
					this.firstBody[component] = this.bodies.size() - 1;
				}
			}
			else {
				alert = repeat++ % introduced;
			}
			body[position % ALERTS_PER_BODY] = alert;
		}
	}

	List<Component> components() {
		return this.components;
	}

	int bodyCount() {
		return this.bodies.size();
	}

	int alertsIn(int body) {
		return this.bodies.get(body).length;
	}

	/**
	 * The first body that holds an alert of the component.
	 */
	int firstBody(int component) {
		return this.firstBody[component];
	}

	/**
	 * The body's JSON, as Alertmanager's webhook sends it.
	 */
	String body(int index) {
		ObjectNode body = JSON.createObjectNode();
		body.put("receiver", "nimbus");
		body.put("status", "firing");
		ArrayNode alerts = body.putArray("alerts");
		for (int alert : this.bodies.get(index)) {
			alerts.add(alert(this.alerts.get(alert)));
		}
		body.putObject("groupLabels").put("alertname", "HighErrorRate");
		body.putObject("commonLabels").put("alertname", "HighErrorRate").put("severity", "critical");
		body.putObject("commonAnnotations");
		body.put("externalURL", "http://alertmanager.bench.internal:9093");
		body.put("version", "4");
		body.put("groupKey", "{}:{alertname=\"HighErrorRate\"}");
		body.put("truncatedAlerts", 0);
		return JSON.writeValueAsString(body);
	}

	private ObjectNode alert(Alert alert) {
		Component component = this.components.get(alert.component());
		ObjectNode node = JSON.createObjectNode();
		node.put("status", "firing");
		node.putObject("labels")
			.put("alertname", "HighErrorRate")
			.put("service", component.service())
			.put("region", component.region())
			.put("severity", "critical")
			.put("instance", component.service() + "-" + alert.fingerprint() + "." + component.region() + ":9100");
		node.putObject("annotations")
			.put("summary", component.service() + " error rate above 50% in " + component.region());
		node.put("startsAt", alert.startsAt().toString());
		node.put("endsAt", "0001-01-01T00:00:00Z");
		node.put("generatorURL",
				"http://prometheus." + component.region() + ".internal:9090/graph?g0.expr=error_ratio");
		node.put("fingerprint", alert.fingerprint());
		return node;
	}

}
