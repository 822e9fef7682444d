package com.nimbus.incidents.command.incident;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.command.IncidentCommandApplication;
import com.nimbus.incidents.command.incident.Commands.AddNote;
import com.nimbus.incidents.command.incident.Commands.DeclareIncident;
import com.nimbus.incidents.command.incident.Commands.PostStatusUpdate;
import com.nimbus.incidents.command.incident.Commands.RecordAction;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark's reference point: the command mix of the HTTP workload, sent from the
 * same number of threads straight to Axon's command gateway, with the service's own Axon
 * configuration (aggregate, cache, snapshots, serializers, store) but without HTTP,
 * security, idempotency keys or the relay. {@code ./platform bench} starts it in a JVM of
 * its own, like the service's, against a database of its own on the same store: <pre>
 * java -Dloader.main=com.nimbus.incidents.command.incident.AxonAppendBaseline \
 *   -cp incident-command.jar org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --rounds=4 --incidents=1000 --commands=4000 --clients=8 (and the service's settings)
 * </pre> Prints {@code BASELINE <commands per second>} per round, then exits.
 */
public final class AxonAppendBaseline {

	private AxonAppendBaseline() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("axoniq.update-checker.disabled", "true");
		List<String> settings = new ArrayList<>(List.of(args));
		settings.add("--benchmark.axon-baseline=true");
		int rounds = option(args, "rounds", 4);
		int incidents = option(args, "incidents", 1000);
		int commands = option(args, "commands", 4000);
		int clients = option(args, "clients", 8);
		try (ConfigurableApplicationContext context = SpringApplication.run(IncidentCommandApplication.class,
				settings.toArray(String[]::new))) {
			CommandGateway gateway = context.getBean(CommandGateway.class);
			for (int round = 0; round < rounds; round++) {
				long started = System.nanoTime();
				int sent = round(gateway, round, incidents, commands, clients);
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf("BASELINE %.1f%n", sent / seconds);
			}
		}
		System.exit(0);
	}

	private static int round(CommandGateway gateway, int round, int incidents, int commands, int clients)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				int self = client;
				done.add(pool.submit(() -> client(gateway, round, self, clients, incidents, commands)));
			}
			int sent = 0;
			for (Future<Integer> future : done) {
				sent += future.get(30, TimeUnit.MINUTES);
			}
			return sent;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * One client: declares its share of the incidents, then cycles over them with an
	 * action, a status update and a note, as the HTTP clients do.
	 */
	private static int client(CommandGateway gateway, int round, int client, int clients, int incidents, int commands) {
		List<String> own = new ArrayList<>();
		int sent = 0;
		for (int i = client; i < incidents; i += clients) {
			String incidentId = IncidentIds.newIncidentId();
			gateway.sendAndWait(new DeclareIncident(incidentId, "Baseline incident " + round + "-" + i, null,
					Severity.SEV2, "Reference workload", DetectionSource.MONITORING, null, List.of("compute-api"),
					List.of("us-east-1"), null, context()));
			own.add(incidentId);
			sent++;
		}
		for (int i = client, n = 0; i < commands; i += clients, n++) {
			String incidentId = own.get(n % own.size());
			Object command = switch (n % 3) {
				case 0 -> new RecordAction(incidentId, ActionKind.MITIGATION, "Shifted traffic away, step " + n,
						List.of(), context(), null);
				case 1 -> new PostStatusUpdate(incidentId, UpdateStatus.INVESTIGATING, "Still looking, update " + n,
						false, null, context(), null);
				default -> new AddNote(incidentId, "Observation " + n, context(), null);
			};
			gateway.sendAndWait(command);
			sent++;
		}
		return sent;
	}

	private static CommandContext context() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return new CommandContext(now, now, "baseline@bench");
	}

	private static int option(String[] args, String name, int fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return Integer.parseInt(arg.substring(name.length() + 3));
			}
		}
		return fallback;
	}

}
