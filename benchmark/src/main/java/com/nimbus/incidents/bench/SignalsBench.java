package com.nimbus.incidents.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;

/**
 * The {@code signals} workload, on a fresh stack of its own (signals.md, "Scale"): an
 * alert storm of {@code --storm-signals} signals in {@code --storm-seconds} over
 * {@code --storm-fingerprints} alerts on 50 components, sent as Alertmanager webhook
 * bodies of 100 alerts by {@code --clients} threads at a steady rate with a
 * {@code MONITOR} token, while the query API is watched for each component's window.
 */
final class SignalsBench {

	/** How long the windows are waited for once the storm is sent. */
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/**
	 * What the warm-up storm's regions end with. A platform meets a storm after days of
	 * running, its code compiled; a stack started a moment before spends the storm
	 * compiling (thread profiles of a cold storm show the JIT compiler threads the
	 * busiest in every service). So the same storm first runs on other components, its
	 * figures reported as {@code signals.warmUp.*}, and the targets are judged on the
	 * second.
	 */
	static final String WARM_UP_ZONE = "-warm";

	/** The pause between the storms, for the warm-up's last work to finish. */
	private static final int SETTLE_SECONDS = 5;

	private final Platform platform;

	private final BenchSettings settings;

	private final Report report;

	SignalsBench(Platform platform, BenchSettings settings, Report report) {
		this.platform = platform;
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		Http http = new Http();
		String monitor = this.platform.issuer().token("bench-alertmanager", "MONITOR");
		String viewer = this.platform.issuer().token("bench-viewer@example.com", "VIEWER");
		BenchSettings s = this.settings;
		Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		BenchMain.log(String.format(
				"Signals: a warm-up storm on other components, then an alert storm of %,d signals in %d s "
						+ "over %,d alerts on %d components, bodies of %d from %d clients",
				s.stormSignals(), s.stormSeconds(), s.stormFingerprints(),
				Math.min(AlertStorm.COMPONENTS, s.stormFingerprints()), AlertStorm.ALERTS_PER_BODY, s.clients()));
		Storm warmUp = storm(http, monitor, viewer,
				new AlertStorm(s.stormSignals(), s.stormFingerprints(), startsAt, WARM_UP_ZONE));
		double warmP50 = Stats.percentileMs(warmUp.windows().timeToWindowNanos(), 50);
		double warmP99 = Stats.percentileMs(warmUp.windows().timeToWindowNanos(), 99);
		BenchMain.log(String.format("   warm-up: time to window p50 %.0f ms, p99 %.0f ms", warmP50, warmP99));
		TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
		Map<String, Long> pids = new LinkedHashMap<>();
		this.platform.pids().forEach((component, pid) -> pids.put(component.processName(), pid));
		MemorySampler memory = new MemorySampler(pids);
		Storm measured;
		try (memory) {
			measured = storm(http, monitor, viewer,
					new AlertStorm(s.stormSignals(), s.stormFingerprints(), startsAt, ""));
		}
		// where the projector's time went, over its last two minutes (both storms, mostly
		// the measured one)
		BenchMain.lagBreakdown(
				this.report, "signals.projector", http
					.send("GET", this.platform.baseUrl(Component.PROJECTOR) + "/actuator/prometheus",
							this.platform.issuer().token("bench-admin", "ADMIN"), null, "text/plain")
					.body());
		figures(measured.sent(), measured.windows(), memory);
		this.report.figure("signals.warmUp.timeToWindowP50Ms", warmP50,
				"ms (the same storm on other components of the freshly started stack, before the measured one)");
		this.report.figure("signals.warmUp.timeToWindowP99Ms", warmP99, "ms");
		this.report.figure("signals.warmUp.ingestPerSecond", warmUp.sent().perSecond(), "signals/s");
	}

	/**
	 * What one storm sent, and what was seen of its windows.
	 */
	private record Storm(StormSenders.Result sent, WindowWatch.Result windows) {
	}

	/**
	 * Sends a storm while watching for its windows.
	 */
	private Storm storm(Http http, String monitor, String viewer, AlertStorm storm) throws Exception {
		StormSenders senders = new StormSenders(http, this.platform.baseUrl(Component.COMMAND), monitor, storm);
		WindowWatch watch = new WindowWatch(http, this.platform.baseUrl(Component.QUERY), viewer, storm, senders);
		ExecutorService sending = Executors.newSingleThreadExecutor();
		StormSenders.Result sent;
		WindowWatch.Result windows;
		try {
			Future<StormSenders.Result> storming = sending
				.submit(() -> senders.run(this.settings.stormSeconds(), this.settings.clients()));
			windows = watch.watch(storming::isDone, PATIENCE);
			sent = storming.get();
		}
		finally {
			sending.shutdownNow();
		}
		BenchMain.log(String.format("   %,d signals in %,d bodies in %.1f s: %,d accepted, %,d repeats, %,d failed%s",
				sent.signals(), sent.requests(), sent.seconds(), sent.accepted(), sent.duplicates(), sent.failed(),
				(sent.firstFailure() != null) ? " (first: " + sent.firstFailure() + ")" : ""));
		BenchMain.log(String.format("   %d of %d windows seen; %d incidents, %d monitoring windows", windows.opened(),
				windows.components(), windows.incidents(), windows.windows()));
		return new Storm(sent, windows);
	}

	private void figures(StormSenders.Result sent, WindowWatch.Result windows, MemorySampler memory) {
		double ingest = sent.perSecond();
		double p50 = Stats.percentileMs(windows.timeToWindowNanos(), 50);
		double p99 = Stats.percentileMs(windows.timeToWindowNanos(), 99);
		this.report.number("signals.sent", sent.signals());
		this.report.number("signals.requests", sent.requests());
		this.report.number("signals.fingerprints", this.settings.stormFingerprints());
		this.report.number("signals.stormSeconds", this.settings.stormSeconds());
		this.report.number("signals.accepted", sent.accepted());
		this.report.number("signals.duplicates", sent.duplicates());
		this.report.number("signals.failed", sent.failed());
		this.report.number("signals.failedRequests", sent.failedRequests());
		if (sent.firstFailure() != null) {
			this.report.text("signals.firstFailure", sent.firstFailure());
		}
		this.report.number("signals.components", windows.components());
		this.report.number("signals.windowsOpened", windows.opened());
		this.report.number("signals.incidents", windows.incidents());
		this.report.number("signals.monitorWindows", windows.windows());
		this.report.figure("signals.ingestPerSecond", ingest, "signals/s (accepted or repeats, per second of sending)");
		this.report.figure("signals.sendSeconds", sent.seconds(), "s (first body sent to last answer)");
		this.report.figure("signals.requestP50Ms", sent.p50Ms(), "ms (a body of " + AlertStorm.ALERTS_PER_BODY + ")");
		this.report.figure("signals.requestP99Ms", sent.p99Ms(), "ms");
		this.report.figure("signals.latestSendMs", sent.latestMs(), "ms (the latest body, after it was due)");
		this.report.figure("signals.timeToWindowP50Ms", p50, "ms (first signal sent to window in the query API)");
		this.report.figure("signals.timeToWindowP99Ms", p99, "ms");
		this.report.figure("signals.toRecordedP50Ms", Stats.percentileMs(windows.toRecordedNanos(), 50),
				"ms (first signal sent to the recordedAt of its window's ImpactReported: taken in and placed)");
		this.report.figure("signals.toRecordedP99Ms", Stats.percentileMs(windows.toRecordedNanos(), 99), "ms");
		this.report.figure("signals.recordedToSeenP50Ms", Stats.percentileMs(windows.recordedToSeenNanos(), 50),
				"ms (recordedAt to the window seen in the query API: relayed, projected, read)");
		this.report.figure("signals.recordedToSeenP99Ms", Stats.percentileMs(windows.recordedToSeenNanos(), 99), "ms");
		memory.peakMibPerProcess()
			.forEach((name, mib) -> this.report.figure("signals.peakRssMiB." + name, mib, "MiB (during the storm)"));
		this.report.figure("signals.totalPeakRssMiB", memory.peakTotalMib(),
				"MiB (sum of the processes' RSS during the storm: shared pages once per process)");
		this.report.figure("signals.totalPeakPssMiB", memory.peakTotalPssMib(),
				"MiB (the stack's resident memory during the storm: sum of PSS, each page once)");
		this.report.target("signals.totalPeakPssMiB", "< 1,536 MiB (1.5 GiB)", memory.peakTotalPssMib(), 1536, false);

		long expected = this.settings.stormFingerprints();
		this.report.target("signals.failed", "= 0 (every body answered 202)", sent.failed(), 0, Report.Kind.EXACTLY);
		this.report.target("signals.accepted", "= " + expected + " (each alert's first firing, once)", sent.accepted(),
				expected, Report.Kind.EXACTLY);
		this.report.target("signals.windowsOpened", "= " + windows.components() + " (every component's window, seen)",
				windows.opened(), windows.components(), Report.Kind.EXACTLY);
		this.report.target("signals.monitorWindows", "= " + windows.components() + " (none opened twice)",
				windows.windows(), windows.components(), Report.Kind.EXACTLY);
		this.report.target("signals.timeToWindowP99Ms", "< 5,000 ms", p99, 5000, Report.Kind.UNDER);
	}

}
