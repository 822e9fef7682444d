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
 */
record BenchSettings(Path home, Path dataDir, Path out, int rounds, int kafkaRecords, int storeDocuments, int incidents,
		int commands, int clients, int lagSeconds, int events, int listIncidents, int bigIncidentEvents, int contracts,
		int slaIncidents, int readRequests) {

	static final java.util.List<String> OPTIONS = java.util.List.of("home", "rounds", "events", "incidents", "commands",
			"clients", "lag-seconds", "list-incidents", "big-incident-events", "contracts", "sla-incidents",
			"read-requests");

	static BenchSettings of(Arguments arguments) {
		Path home = Path.of(arguments.option("home").orElse(".")).toAbsolutePath().normalize();
		Path bench = home.resolve("target/bench");
		return new BenchSettings(home, bench.resolve("data"), bench.resolve("report.json"),
				arguments.intOption("rounds", 3), 100_000, 20_000, arguments.intOption("incidents", 1000),
				arguments.intOption("commands", 4000), arguments.intOption("clients", 8),
				arguments.intOption("lag-seconds", 15), arguments.intOption("events", 1_000_000),
				arguments.intOption("list-incidents", 10_000), arguments.intOption("big-incident-events", 10_000),
				arguments.intOption("contracts", 1000), arguments.intOption("sla-incidents", 500),
				arguments.intOption("read-requests", 200));
	}

}
