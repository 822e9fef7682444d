package com.nimbus.incidents.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbus.incidents.localstack.FreePorts;
import com.nimbus.incidents.localstack.Arguments;
import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.nimbus.incidents.localstack.PlatformSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./platform bench}: starts the local stack on free ports with a fresh data
 * directory under {@code target/bench}, runs the workloads of the performance issue
 * ({@code main}), the growth and crowd workloads ({@code growth}) and the alert storm
 * ({@code signals}) and the notifications ({@code notifications}), each part on a fresh
 * stack of its own, writes {@code target/bench/report.json} and prints a table. It
 * measures; it never fails a build.
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		BenchSettings settings;
		try {
			settings = BenchSettings.of(Arguments.parse(args, BenchSettings.OPTIONS));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("usage: ./platform bench [--rounds 3] [--events 1000000] [--incidents 1000] "
					+ "[--commands 4000] [--clients 8] [--lag-seconds 15] [--list-incidents 10000] "
					+ "[--big-incident-events 10000] [--contracts 1000] [--sla-incidents 500] [--read-requests 200] "
					+ "[--growth-sizes 1000,10000,100000] [--crowd-clients 64] [--crowd-seconds 30] "
					+ "[--storm-signals 50000] [--storm-seconds 10] [--storm-fingerprints 500] "
					+ "[--workloads main,growth,signals,notifications,lag] [--lag-rate 40]");
			System.exit(2);
			return;
		}
		Report report = new Report();
		machine(report, settings);
		if (settings.workloads().contains("main")) {
			onStack(settings.dataDir(), settings, (platform) -> new BenchMain().run(platform, settings, report));
		}
		if (settings.workloads().contains("growth")) {
			onStack(settings.dataDir().resolveSibling("growth-data"), settings,
					(platform) -> new GrowthAndCrowd(platform, settings, report).run());
		}
		if (settings.workloads().contains("signals")) {
			onStack(settings.dataDir().resolveSibling("signals-data"), settings,
					(platform) -> new SignalsBench(platform, settings, report).run());
		}
		if (settings.workloads().contains("lag")) {
			onStack(settings.dataDir().resolveSibling("lag-data"), settings,
					(platform) -> new LagBench(platform, settings, report).run());
		}
		if (settings.workloads().contains("notifications")) {
			onStack(settings.dataDir().resolveSibling("notifications-data"), settings,
					(platform) -> new NotificationsBench(platform, report).run());
		}
		report.write(settings.out());
		System.out.println();
		System.out.println(report.table());
		System.out.println("Written to " + settings.out());
	}

	interface OnStack {

		void run(Platform platform) throws Exception;

	}

	/**
	 * Starts the local stack on free ports with a fresh data directory, runs the
	 * workloads on it and stops it.
	 */
	private static void onStack(Path dataDir, BenchSettings settings, OnStack workloads) throws Exception {
		deleteRecursively(dataDir);
		PlatformSettings platformSettings = PlatformSettings.defaults(settings.home())
			.withDataDir(dataDir)
			.withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
					FreePorts.next(), FreePorts.next())
			.withNotifierPort(FreePorts.next());
		log("Starting the local stack (data in " + dataDir + ")");
		Platform platform = Platform.start(platformSettings);
		Thread stopper = new Thread(platform::close, "bench-shutdown");
		Runtime.getRuntime().addShutdownHook(stopper);
		try {
			workloads.run(platform);
		}
		finally {
			log("Stopping the local stack");
			platform.close();
			Runtime.getRuntime().removeShutdownHook(stopper);
		}
	}

	private void run(Platform platform, BenchSettings settings, Report report) throws Exception {
		Http http = new Http();
		String responder = platform.issuer().token("bench-responder@example.com", "RESPONDER");
		String viewer = platform.issuer().token("bench-viewer@example.com", "VIEWER");
		String admin = platform.issuer().token("bench-admin@example.com", "ADMIN");
		String finance = platform.issuer().token("bench-finance@example.com", "FINANCE");
		String command = platform.baseUrl(Component.COMMAND);
		String query = platform.baseUrl(Component.QUERY);
		String projector = platform.baseUrl(Component.PROJECTOR);

		log("1/6 Baselines: Kafka producer, store inserts and upserts, Axon appends");
		Baselines baselines = new Baselines(platform, settings);
		double kafka = baselines.kafkaProducePerSecond();
		report.figure("baseline.kafkaProducePerSecond", kafka, "records/s (acks=all, idempotent, ~300 B)");
		double[] store = baselines.storeInsertAndUpsertPerSecond();
		report.figure("baseline.storeInsertPerSecond", store[0], "documents/s (bulk of 1,000)");
		report.figure("baseline.storeUpsertPerSecond", store[1], "documents/s (bulk of 1,000, by _id)");
		double axon = baselines.axonAppendPerSecond();
		report.figure("baseline.axonAppendPerSecond", axon,
				"commands/s (" + settings.clients() + " threads, no HTTP, no relay)");

		Map<String, Long> pids = new LinkedHashMap<>();
		platform.pids().forEach((component, pid) -> pids.put(component.processName(), pid));
		try (MemorySampler memory = new MemorySampler(pids)) {
			log("2/6 Commands over HTTP: " + settings.clients() + " clients, " + settings.incidents() + " incidents, "
					+ (settings.incidents() + settings.commands()) + " commands a round");
			CommandWorkload commands = new CommandWorkload(http, command, query, responder, viewer, settings);
			// the first round declares the incidents; then the stack's code is compiled
			// (ADR 38, 40) under lag rounds at the rate the cold stack sustained (ADR
			// 41):
			// the rates and latencies are a running platform's
			CommandWorkload.Round first = commands.round(0);
			CompilerWarmUp.run(platform, (seconds) -> commands.lagRound(first.perSecond(), seconds).sent())
				.report(report, "commands.warmUp", "commands");
			List<CommandWorkload.Round> commandRounds = measured(settings.rounds(), commands::round);
			double perSecond = median(commandRounds, CommandWorkload.Round::perSecond);
			report.figure("commands.perSecond", perSecond, "commands/s");
			report.figure("commands.p50Ms", median(commandRounds, CommandWorkload.Round::p50Ms), "ms");
			report.figure("commands.p99Ms", median(commandRounds, CommandWorkload.Round::p99Ms), "ms");
			report.figure("commands.ofAxonPercent", 100 * perSecond / axon, "% of the Axon baseline");

			log(String.format("3/6 Projection lag at %.0f commands/s for %d s a round", perSecond / 2,
					settings.lagSeconds()));
			RebuildWorkload projection = new RebuildWorkload(http, projector, query, admin, viewer);
			long backlog = projection.awaitCaughtUp();
			log(String.format("   (the projector first caught up with the command rounds: %.1f s)", backlog / 1e3));
			List<CommandWorkload.LagRound> lagRounds = measured(settings.rounds(),
					(round) -> commands.lagRound(perSecond / 2, settings.lagSeconds()));
			report.figure("lag.p50Ms", median(lagRounds, CommandWorkload.LagRound::p50Ms), "ms");
			report.figure("lag.p99Ms", median(lagRounds, CommandWorkload.LagRound::p99Ms), "ms");
			report.figure("lag.seenReadP50Ms", median(lagRounds, CommandWorkload.LagRound::seenReadP50Ms),
					"ms (the query API's read that saw it)");
			report.figure("lag.seenReadP99Ms", median(lagRounds, CommandWorkload.LagRound::seenReadP99Ms),
					"ms (the query API's read that saw it)");
			report.figure("lag.commandsPerSecond", median(lagRounds, CommandWorkload.LagRound::perSecond),
					"commands/s sent");
			lagBreakdown(report, "lag.breakdown",
					http.send("GET", projector + "/actuator/prometheus", admin, null, "text/plain").body());

			log("4/6 Rebuild: producing " + settings.events() + " events, entering " + settings.contracts()
					+ " contracts and " + settings.slaIncidents() + " incidents with impacts");
			Dataset dataset = new Dataset(settings);
			long producedStarted = System.nanoTime();
			dataset.produceBulk(platform.kafkaBootstrap());
			log(String.format("   produced %,d events in %.1f s", dataset.produced,
					(System.nanoTime() - producedStarted) / 1e9));
			dataset.enterContractsAndImpacts(http, command, finance, responder, settings.clients());
			RebuildWorkload rebuild = new RebuildWorkload(http, projector, query, admin, viewer);
			Map<String, Long> expected = expected(dataset);
			long projecting = System.nanoTime();
			expected.forEach(rebuild::awaitVersion);
			log(String.format("   projected live in %.1f s; now rebuilding %d times",
					(System.nanoTime() - projecting) / 1e9, settings.rounds()));
			long records = records(platform.kafkaBootstrap());
			List<RebuildWorkload.Round> rebuildRounds = new ArrayList<>();
			for (int round = 0; round < settings.rounds(); round++) {
				RebuildWorkload.Round result = rebuild.round(expected);
				log(String.format("   rebuild %d: %.1f s, query answering %.0f ms later", round + 1, result.seconds(),
						result.queryReadyMs()));
				rebuildRounds.add(result);
			}
			report.figure("rebuild.eventsPerSecond", records / median(rebuildRounds, RebuildWorkload.Round::seconds),
					"events/s");
			report.figure("rebuild.seconds", median(rebuildRounds, RebuildWorkload.Round::seconds), "s");
			report.figure("rebuild.queryReadyMs", median(rebuildRounds, RebuildWorkload.Round::queryReadyMs), "ms");
			report.number("sizes.rebuiltRecords", records);
			report.number("sizes.incidentsInList", dataset.versions.size() + settings.slaIncidents()
					+ (long) settings.incidents() * (settings.rounds() + 1));
			report.number("sizes.bigIncidentEvents", settings.bigIncidentEvents());
			report.number("sizes.contracts", settings.contracts());
			report.number("sizes.slaIncidents", settings.slaIncidents());
			report.text("sizes.slaMonth", dataset.month.toString());

			report.figure("memory.totalPeakRssMiB", memory.peakTotalMib(),
					"MiB (sum of the processes' RSS: shared pages once per process)");
			report.figure("memory.totalPeakPssMiB", memory.peakTotalPssMib(),
					"MiB (the stack's resident memory: sum of PSS, each page once)");
			memory.peakMibPerProcess().forEach((name, mib) -> report.figure("memory.peakRssMiB." + name, mib, "MiB"));

			log("5/6 Reads");
			CpuTimes before = CpuTimes.of(platform);
			int made = reads(report, http, settings, query, viewer, finance, dataset);
			CpuTimes.of(platform).reportSince(before, made, report, "reads.cpuPerRead", "a read (the four kinds)");
		}
		targets(report, axon, store[0]);
	}

	/**
	 * The four kinds of read, one after another; returns how many reads were made.
	 */
	private int reads(Report report, Http http, BenchSettings settings, String query, String viewer, String finance,
			Dataset dataset) {
		ReadWorkload reads = new ReadWorkload(http, settings.readRequests());
		long bigVersion = dataset.versions.get(dataset.bigIncident);
		String big = query + "/api/incidents/" + dataset.bigIncident;
		int[] next = { 0 };
		String middle = dataset.month.atDay(1)
			.atStartOfDay()
			.toInstant(java.time.ZoneOffset.UTC)
			.plusSeconds(settings.bigIncidentEvents() / 2)
			.toString();
		readFigure(report, "reads.timeline", settings, () -> reads.round(() -> big + "/timeline", viewer,
				"application/json", (body) -> body.contains("\"version\":" + bigVersion)));
		readFigure(report, "reads.list", settings,
				() -> reads.round(
						() -> query + "/api/incidents?size=20&service="
								+ Dataset.SERVICES.get(next[0]++ % Dataset.SERVICES.size()),
						viewer, "application/json", (body) -> body.contains("\"total\":")));
		readFigure(report, "reads.state", settings, () -> reads.round(() -> big + "/state?asOf=" + middle, viewer,
				"application/json", (body) -> body.contains(dataset.bigIncident)));
		readFigure(report, "reads.slaMonth", settings,
				() -> reads.round(() -> query + "/api/sla/credits?month=" + dataset.month, finance, "application/json",
						(body) -> body.contains("\"lines\"")));
		return reads.made();
	}

	private static void readFigure(Report report, String name, BenchSettings settings,
			java.util.function.Supplier<ReadWorkload.Round> round) {
		List<ReadWorkload.Round> rounds = new ArrayList<>();
		try {
			round.get();
			for (int i = 0; i < settings.rounds(); i++) {
				rounds.add(round.get());
			}
		}
		catch (RuntimeException ex) {
			// a read that fails is a finding to report, not a reason to lose the others
			log("   " + name + " failed: " + ex.getMessage());
			report.text(name + "Error", ex.getMessage());
			return;
		}
		report.figure(name + "P50Ms", median(rounds, ReadWorkload.Round::p50Ms), "ms");
		report.figure(name + "P99Ms", median(rounds, ReadWorkload.Round::p99Ms), "ms");
	}

	/**
	 * Where the lag goes, as the projector sees it (its percentiles over the last two
	 * minutes, mostly the lag workload): from a command's {@code recordedAt} to its
	 * event's append to Kafka (the command's own append, then the relay), and to its
	 * write to the read models.
	 */
	static void lagBreakdown(Report report, String prefix, String prometheus) {
		for (String step : List.of("apply", "commit")) {
			for (String quantile : List.of("0.5", "0.99")) {
				prometheus.lines()
					.filter((line) -> line.startsWith("projector_poll_seconds{")
							&& line.contains("step=\"" + step + "\"") && line.contains("quantile=\"" + quantile + "\""))
					.findFirst()
					.ifPresent((line) -> report.figure(
							prefix + ".poll" + Character.toUpperCase(step.charAt(0)) + step.substring(1)
									+ (quantile.equals("0.5") ? "P50Ms" : "P99Ms"),
							Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000, "ms per poll"));
			}
		}
		delays(report, prefix, prometheus, "projector_delay_seconds", List.of("relayed", "fetched", "projected"));
	}

	/**
	 * A service's own delay timers (a Micrometer timer tagged by {@code stage}, with p50
	 * and p99 published), as figures {@code prefix.<stage>P50Ms} and {@code P99Ms}.
	 */
	static void delays(Report report, String prefix, String prometheus, String metric, List<String> stages) {
		for (String stage : stages) {
			for (String quantile : List.of("0.5", "0.99")) {
				prometheus.lines()
					.filter((line) -> line.startsWith(metric + "{") && line.contains("stage=\"" + stage + "\"")
							&& line.contains("quantile=\"" + quantile + "\""))
					.findFirst()
					.ifPresent(
							(line) -> report.figure(prefix + "." + stage + (quantile.equals("0.5") ? "P50Ms" : "P99Ms"),
									Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000,
									stage.equals("fetched") ? "ms after the relay's send" : "ms after recordedAt"));
			}
		}
	}

	private static void targets(Report report, double axon, double storeInsert) {
		var root = report.section("commands");
		report.target("commands.perSecond", ">= 60% of baseline.axonAppendPerSecond",
				root.path("perSecond").asDouble(Double.NaN), 0.6 * axon, true);
		report.target("commands.p99Ms", "< 50 ms", root.path("p99Ms").asDouble(Double.NaN), 50, false);
		var lag = report.section("lag");
		report.target("lag.p50Ms", "< 50 ms", lag.path("p50Ms").asDouble(Double.NaN), 50, false);
		report.target("lag.p99Ms", "< 250 ms", lag.path("p99Ms").asDouble(Double.NaN), 250, false);
		var rebuild = report.section("rebuild");
		report.target("rebuild.eventsPerSecond", ">= 50% of baseline.storeInsertPerSecond",
				rebuild.path("eventsPerSecond").asDouble(Double.NaN), 0.5 * storeInsert, true);
		report.target("rebuild.queryReadyMs", "< 5,000 ms", rebuild.path("queryReadyMs").asDouble(Double.NaN), 5000,
				false);
		var reads = report.section("reads");
		report.target("reads.timelineP99Ms", "< 50 ms", reads.path("timelineP99Ms").asDouble(Double.NaN), 50, false);
		report.target("reads.listP99Ms", "< 50 ms", reads.path("listP99Ms").asDouble(Double.NaN), 50, false);
		report.target("reads.stateP99Ms", "< 50 ms", reads.path("stateP99Ms").asDouble(Double.NaN), 50, false);
		report.target("reads.slaMonthP99Ms", "< 500 ms", reads.path("slaMonthP99Ms").asDouble(Double.NaN), 500, false);
		// the whole stack's resident memory: each page once (see MemorySampler)
		report.target("memory.totalPeakPssMiB", "< 1,536 MiB (1.5 GiB)",
				report.section("memory").path("totalPeakPssMiB").asDouble(Double.NaN), 1536, false);
	}

	/**
	 * The incidents whose versions show that the query API answers with everything: the
	 * long one, the last of the bulk, and every incident entered over HTTP for the SLA
	 * report.
	 */
	private static Map<String, Long> expected(Dataset dataset) {
		Map<String, Long> expected = new LinkedHashMap<>();
		expected.put(dataset.bigIncident, dataset.versions.get(dataset.bigIncident));
		String last = null;
		for (String incident : dataset.versions.keySet()) {
			last = incident;
		}
		expected.put(last, dataset.versions.get(last));
		expected.putAll(dataset.slaVersions);
		return expected;
	}

	/**
	 * Records in both topics: what a rebuild replays.
	 */
	private static long records(String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
			for (var description : admin.describeTopics(List.of("incident-events", "contract-events"))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.values()) {
				description.partitions().forEach((partition) -> {
					TopicPartition tp = new TopicPartition(description.name(), partition.partition());
					latest.put(tp, OffsetSpec.latest());
					earliest.put(tp, OffsetSpec.earliest());
				});
			}
			return sum(admin, latest) - sum(admin, earliest);
		}
	}

	private static long sum(Admin admin, Map<TopicPartition, OffsetSpec> offsets) throws Exception {
		return admin.listOffsets(offsets)
			.all()
			.get(30, TimeUnit.SECONDS)
			.values()
			.stream()
			.mapToLong((info) -> info.offset())
			.sum();
	}

	interface RoundRunner<R> {

		R run(int round) throws Exception;

	}

	/** Rounds 1 to {@code rounds} (at least one), each logged. */
	private static <R> List<R> measured(int rounds, RoundRunner<R> runner) throws Exception {
		List<R> results = new ArrayList<>();
		for (int round = 1; round <= Math.max(1, rounds); round++) {
			R result = runner.run(round);
			log("   round " + round + ": " + result);
			results.add(result);
		}
		return results;
	}

	private static <R> double median(List<R> rounds, Function<R, Double> figure) {
		return Stats.median(rounds.stream().map(figure).toList());
	}

	private static void machine(Report report, BenchSettings settings) throws IOException {
		report.number("machine.cores", Runtime.getRuntime().availableProcessors());
		long memKib = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElse(0L);
		report.figure("machine.memoryGiB", memKib / 1024.0 / 1024.0, "GiB");
		report.text("machine.jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version"));
		report.text("machine.os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		report.text("machine.store", "mongo-java-server, H2 MVStore file backend");
		report.number("machine.rounds", settings.rounds());
		report.text("machine.startedAt", java.time.Instant.now().toString());
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	static void log(String line) {
		System.out.println(java.time.LocalTime.now().withNano(0) + " " + line);
	}

}
