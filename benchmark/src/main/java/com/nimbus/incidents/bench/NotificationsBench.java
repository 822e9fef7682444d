package com.nimbus.incidents.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;

/**
 * The {@code notifications} workload, on a fresh stack of its own (issue "Signals out",
 * "Scale and faults"): {@value #SUBSCRIPTIONS} webhook subscriptions on a local receiver,
 * each filtered to one of {@value #SERVICES} services, and a stream of
 * {@value #EVENTS_PER_SECOND} events/s (notes on one open incident per service) for
 * {@value #SECONDS} s: about 1,000 deliveries/s. Delivery lag runs from the event's
 * {@code recordedAt} to its arrival at the receiver, whose 2xx follows at once. One more
 * subscription, on the first service, points at a receiver that answers after 10 s: the
 * subscriptions sharing its events must not be delayed by it.
 */
final class NotificationsBench {

	static final int SUBSCRIPTIONS = 1_000;

	static final int SERVICES = 100;

	static final int EVENTS_PER_SECOND = 100;

	static final int SECONDS = 30;

	/** The pause between the warm-up and the measured stream. */
	private static final int SETTLE_SECONDS = 3;

	private static final Duration SLOW_ANSWER = Duration.ofSeconds(10);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final Platform platform;

	private final Report report;

	NotificationsBench(Platform platform, Report report) {
		this.platform = platform;
		this.report = report;
	}

	void run() throws Exception {
		Http http = new Http();
		String responder = this.platform.issuer().token("bench-responder@example.com", "RESPONDER");
		String command = this.platform.baseUrl(Component.COMMAND);
		String notifier = this.platform.baseUrl(Component.NOTIFIER);
		BenchMain.log(String.format(
				"Notifications: %,d webhook subscriptions over %d services, %d events/s for %d s, "
						+ "one receiver answering after %d s",
				SUBSCRIPTIONS, SERVICES, EVENTS_PER_SECOND, SECONDS, SLOW_ANSWER.toSeconds()));
		try (WebhookReceiver receiver = new WebhookReceiver(SLOW_ANSWER)) {
			for (int i = 0; i < SUBSCRIPTIONS; i++) {
				subscribe(http, notifier, responder, receiver.url("/hook/" + i), service(i % SERVICES));
			}
			subscribe(http, notifier, responder, receiver.url("/slow/0"), service(0));
			List<String> incidents = new ArrayList<>();
			for (int s = 0; s < SERVICES; s++) {
				Http.Response declared = http.expectOk("POST", command + "/api/incidents", responder,
						"{\"title\":\"Notified incident " + s + "\",\"severity\":\"SEV2\","
								+ "\"detectionSource\":\"MONITORING\",\"services\":[\"" + service(s)
								+ "\"],\"regions\":[\"us-east-1\"]}");
				incidents.add(declared.body().replaceAll(".*\"incidentId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
			}
			int perEvent = SUBSCRIPTIONS / SERVICES;
			await(receiver::delivered, (long) SERVICES * perEvent);
			BenchMain.log(String.format("   %,d declarations delivered to %,d receivers; streaming",
					receiver.delivered(), SUBSCRIPTIONS));
			// notes round-robin over the incidents, each matching the subscriptions of
			// one
			// service: incidents.get(k) is the incident of service k
			Instant warmStart = Instant.now();
			// the stack's code compiled first (ADR 38)
			CompilerWarmUp.Result warmUp = CompilerWarmUp.run(this.platform,
					(seconds) -> new CommandStream(http, command, responder, incidents).run(EVENTS_PER_SECOND, seconds)
						.commands());
			await(() -> streamed(receiver, warmStart).size(), warmUp.commands() * perEvent);
			long[] warmLags = streamed(receiver, warmStart).stream()
				.mapToLong(WebhookReceiver.Delivery::lagNanos)
				.toArray();
			double warmP50 = Stats.percentileMs(warmLags, 50);
			double warmP99 = Stats.percentileMs(warmLags, 99);
			BenchMain.log(String.format(
					"   warm-up: %,d events in %.0f s (%.1f/s), lag p50 %.0f ms, p99 %.0f ms; "
							+ "the JIT compilers' share of the stack's processor in the last round %.0f %%",
					warmUp.commands(), warmUp.seconds(), warmUp.commands() / warmUp.seconds(), warmP50, warmP99,
					100 * warmUp.lastCompilerShare()));
			warmUp.report(this.report, "notifications.warmUp", "events");
			this.report.figure("notifications.warmUp.lagP50Ms", warmP50, "ms");
			this.report.figure("notifications.warmUp.lagP99Ms", warmP99, "ms");
			TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
			Instant streamStart = Instant.now();
			CpuTimes before = CpuTimes.of(this.platform);
			CommandStream.Latency stream = new CommandStream(http, command, responder, incidents).run(EVENTS_PER_SECOND,
					SECONDS);
			long expected = stream.commands() * perEvent;
			long waited = await(() -> streamed(receiver, streamStart).size(), expected);
			CpuTimes.of(this.platform)
				.reportSince(before, stream.commands(), this.report, "notifications.cpuPerEvent",
						"an event (recorded and delivered to its " + perEvent + " receivers)");
			figures(receiver, streamStart, stream, expected, waited);
			// where the time went (percentiles over the services' last two minutes: the
			// warm-up and the stream)
			String admin = this.platform.issuer().token("bench-admin", "ADMIN");
			BenchMain.lagBreakdown(
					this.report, "notifications.projector", http
						.send("GET", this.platform.baseUrl(Component.PROJECTOR) + "/actuator/prometheus", admin, null,
								"text/plain")
						.body());
			BenchMain.delays(this.report, "notifications.notifier",
					http.send("GET", notifier + "/actuator/prometheus", admin, null, "text/plain").body(),
					"notifier_delay_seconds", List.of("fetched", "stored", "sending"));
		}
	}

	private static String service(int s) {
		return String.format("svc-%02d", s);
	}

	private static void subscribe(Http http, String notifier, String responder, String target, String service) {
		http.expectOk("POST", notifier + "/api/subscriptions", responder, "{\"channel\":\"WEBHOOK\",\"target\":\""
				+ target + "\",\"name\":\"bench " + target + "\",\"filter\":{\"services\":[\"" + service + "\"]}}");
	}

	/** Waits until {@code count} reaches {@code wanted} or the patience runs out. */
	private static long await(LongSupplier count, long wanted) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + PATIENCE.toNanos();
		while (count.getAsLong() < wanted && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(50);
		}
		return System.nanoTime() - started;
	}

	private static List<WebhookReceiver.Delivery> streamed(WebhookReceiver receiver, Instant from) {
		List<WebhookReceiver.Delivery> streamed = new ArrayList<>();
		for (WebhookReceiver.Delivery delivery : receiver.deliveries()) {
			if (!delivery.recordedAt().isBefore(from)) {
				streamed.add(delivery);
			}
		}
		return streamed;
	}

	private void figures(WebhookReceiver receiver, Instant streamStart, CommandStream.Latency stream, long expected,
			long waitedNanos) {
		List<WebhookReceiver.Delivery> streamed = streamed(receiver, streamStart);
		long[] lags = streamed.stream().mapToLong(WebhookReceiver.Delivery::lagNanos).toArray();
		long[] besideSlow = streamed.stream()
			.filter((delivery) -> delivery.receiver() % SERVICES == 0)
			.mapToLong(WebhookReceiver.Delivery::lagNanos)
			.toArray();
		double p50 = Stats.percentileMs(lags, 50);
		double p99 = Stats.percentileMs(lags, 99);
		double besideSlowP99 = Stats.percentileMs(besideSlow, 99);
		// the stream lasts as long as the commands took, then the rest drains
		double streamSeconds = (stream.perSecond() > 0) ? stream.commands() / stream.perSecond() : SECONDS;
		double perSecond = streamed.size() / (streamSeconds + waitedNanos / 1e9);
		BenchMain.log(String.format(
				"   %,d events (%.1f/s; %,d refused), %,d of %,d deliveries, %,d repeats dropped by the receivers; "
						+ "lag p50 %.0f ms, p99 %.0f ms; beside the slow receiver p99 %.0f ms; it answered %d",
				stream.commands(), stream.perSecond(), stream.refused(), streamed.size(), expected, receiver.repeats(),
				p50, p99, besideSlowP99, receiver.slowAnswered()));
		this.report.number("notifications.subscriptions", SUBSCRIPTIONS + 1);
		this.report.number("notifications.events", stream.commands());
		this.report.number("notifications.refusedEvents", stream.refused());
		this.report.number("notifications.failedEvents", stream.failed());
		this.report.number("notifications.expectedDeliveries", expected);
		this.report.number("notifications.deliveries", streamed.size());
		this.report.number("notifications.repeatsAtReceivers", receiver.repeats());
		this.report.number("notifications.slowReceiverAnswered", receiver.slowAnswered());
		this.report.figure("notifications.eventsPerSecond", stream.perSecond(), "events/s (notes recorded)");
		this.report.figure("notifications.commandP50Ms", stream.p50Ms(), "ms (a note's answer, the stream open)");
		this.report.figure("notifications.commandP99Ms", stream.p99Ms(), "ms");
		this.report.figure("notifications.deliveriesPerSecond", perSecond, "deliveries/s (stream and drain)");
		this.report.figure("notifications.lagP50Ms", p50, "ms (recordedAt to the receiver)");
		this.report.figure("notifications.lagP99Ms", p99, "ms");
		this.report.figure("notifications.besideSlowLagP99Ms", besideSlowP99,
				"ms (the subscriptions sharing every event with the receiver that answers after 10 s)");
		this.report.target("notifications.deliveries", "= " + expected + " (every event to every matching receiver)",
				streamed.size(), expected, Report.Kind.EXACTLY);
		this.report.target("notifications.lagP50Ms", "< 200 ms", p50, 200, Report.Kind.UNDER);
		this.report.target("notifications.lagP99Ms", "< 1,000 ms", p99, 1000, Report.Kind.UNDER);
		this.report.target("notifications.besideSlowLagP99Ms", "< 1,000 ms (one slow receiver delays no other)",
				besideSlowP99, 1000, Report.Kind.UNDER);
	}

}
