package com.nimbus.incidents.bench;

import java.nio.file.Path;

import com.nimbus.incidents.localstack.Arguments;

/**
 * The sizes of a run; the defaults are the issue's.
 *
 * @param rounds measured rounds of each workload, after one warm-up round
 * @param incidents incidents per round of the command workload
 * @param commands commands per round after the incidents' declarations
 * @param events events in {@code incident-events} for the rebuild
 * @param listIncidents incidents among those events (the list workload)
 * @param bigIncidentEvents events of the one long incident (timeline and state reads)
 * @param stormSignals signals of the alert storm (the {@code signals} workload)
 * @param stormSeconds how long the storm is sent for
 * @param stormFingerprints distinct alerts in the storm; the other signals repeat them
 */
record BenchSettings(Path home, Path dataDir, Path out, int rounds, int kafkaRecords, int storeDocuments, int incidents,
		int commands, int clients, int lagSeconds, int events, int listIncidents, int bigIncidentEvents, int contracts,
		int slaIncidents, int readRequests, java.util.List<Integer> growthSizes, int crowdClients, int crowdSeconds,
		java.util.Set<String> workloads, int stormSignals, int stormSeconds, int stormFingerprints, double lagRate) {

	/**
	 * The three parts of a run, each on a fresh stack of its own: {@code main}
	 * (baselines, commands, lag, rebuild, memory, reads), {@code growth} (the growth and
	 * crowd workloads), {@code signals} (an alert storm) and {@code notifications}
	 * (deliveries to 1,000 webhooks); and, asked for by name only, {@code lag} (the
	 * projection lag alone, at {@code --lag-rate}, for comparing two builds).
	 */
	static final java.util.List<String> WORKLOADS = java.util.List.of("main", "growth", "signals", "notifications");

	static final java.util.List<String> BY_NAME_ONLY = java.util.List.of("lag");

	static final java.util.List<String> OPTIONS = java.util.List.of("home", "rounds", "events", "incidents", "commands",
			"clients", "lag-seconds", "list-incidents", "big-incident-events", "contracts", "sla-incidents",
			"read-requests", "growth-sizes", "crowd-clients", "crowd-seconds", "workloads", "storm-signals",
			"storm-seconds", "storm-fingerprints", "lag-rate");

	static BenchSettings of(Arguments arguments) {
		Path home = Path.of(arguments.option("home").orElse(".")).toAbsolutePath().normalize();
		Path bench = home.resolve("target/bench");
		return new BenchSettings(home, bench.resolve("data"), bench.resolve("report.json"),
				arguments.intOption("rounds", 3), 100_000, 20_000, arguments.intOption("incidents", 1000),
				arguments.intOption("commands", 4000), arguments.intOption("clients", 8),
				arguments.intOption("lag-seconds", 15), arguments.intOption("events", 1_000_000),
				arguments.intOption("list-incidents", 10_000), arguments.intOption("big-incident-events", 10_000),
				arguments.intOption("contracts", 1000), arguments.intOption("sla-incidents", 500),
				arguments.intOption("read-requests", 200),
				sizes(arguments.option("growth-sizes").orElse("1000,10000,100000")),
				arguments.intOption("crowd-clients", 64), arguments.intOption("crowd-seconds", 30),
				workloads(arguments.option("workloads").orElse(String.join(",", WORKLOADS))),
				arguments.intOption("storm-signals", 50_000), arguments.intOption("storm-seconds", 10),
				arguments.intOption("storm-fingerprints", 500), arguments.intOption("lag-rate", 0))
			.checked();
	}

	private BenchSettings checked() {
		if (this.stormFingerprints < 1 || this.stormSeconds < 1 || this.stormSignals < this.stormFingerprints) {
			throw new IllegalArgumentException("--storm-signals must be at least --storm-fingerprints (each alert "
					+ "fires at least once), both and --storm-seconds at least 1");
		}
		return this;
	}

	private static java.util.List<Integer> sizes(String list) {
		java.util.List<Integer> sizes = new java.util.ArrayList<>();
		for (String size : list.split(",")) {
			try {
				sizes.add(Integer.parseInt(size.trim()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--growth-sizes takes incident counts such as 1000,10000,100000");
			}
		}
		if (sizes.isEmpty() || !sizes.equals(sizes.stream().sorted().toList()) || sizes.get(0) <= 0) {
			throw new IllegalArgumentException("--growth-sizes must grow: 1000,10000,100000");
		}
		return java.util.List.copyOf(sizes);
	}

	private static java.util.Set<String> workloads(String list) {
		java.util.Set<String> workloads = new java.util.LinkedHashSet<>(java.util.List.of(list.split(",")));
		java.util.Set<String> known = new java.util.HashSet<>(WORKLOADS);
		known.addAll(BY_NAME_ONLY);
		if (!known.containsAll(workloads)) {
			throw new IllegalArgumentException("--workloads takes main, growth, signals, notifications, lag or several "
					+ "(main,growth,signals)");
		}
		return workloads;
	}

}
