package com.nimbus.incidents.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code ./platform} command.
 * <ul>
 * <li>{@code up [--data-dir ./data] [--kafka-bootstrap host:port] [--mongo-uri mongodb://...]
 * [--status-export-dir DIR]}: starts the local stack in the foreground, starts again any
 * child that exits unexpectedly and stops it all on Ctrl-C or SIGTERM. Exits 1, with
 * nothing left running, if a component does not start.</li>
 * <li>{@code rebuild [--projector-url http://127.0.0.1:8083]}: drops every read model and
 * rebuilds it by replaying {@code incident-events} from the beginning.</li>
 * </ul>
 */
public final class PlatformMain {

	private static final List<String> OPTIONS = List.of("home", "data-dir", "kafka-bootstrap", "mongo-uri",
			"projector-url", "command-url", "query-url", "scenario", "user", "role", "ttl-hours", "status-export-dir");

	private PlatformMain() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments;
		try {
			arguments = Arguments.parse(args, OPTIONS);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			usage();
			System.exit(2);
			return;
		}
		String command = Optional.ofNullable(arguments.command()).orElse("help");
		switch (command) {
			case "up" -> up(arguments);
			case "rebuild" -> rebuild(arguments);
			case "demo" -> demo(arguments);
			case "token" -> token(arguments);
			default -> {
				usage();
				System.exit("help".equals(command) ? 0 : 2);
			}
		}
	}

	private static void usage() {
		System.err.println("""
				usage: ./platform <command> [options]
				  up        start Kafka, the store, the four services and the console on 127.0.0.1 (Ctrl-C stops all)
				              --data-dir DIR          where data and logs live (default ./data)
				              --kafka-bootstrap H:P   use this Kafka cluster instead of the embedded broker
				              --mongo-uri URI         use this MongoDB instead of the embedded store
				              --status-export-dir DIR the notifier keeps the public status page there as static
				                                      files (default DATA-DIR/status-export)
				  token     print a signed token for the local stack's APIs
				              --user NAME             the caller, e.g. alice@example.com (default: the first
				                                      role's local user, monitor@local for MONITOR)
				              --role ROLE[,ROLE]      RESPONDER, CUSTOMER_SUCCESS, FINANCE, VIEWER, ADMIN, MONITOR
				              --ttl-hours N           (default 12)
				  rebuild   drop the read models and replay both topics from the beginning (needs ADMIN)
				              --projector-url URL     (default http://127.0.0.1:8083)
				  demo      load the us-east-1 scenario of 2021-12-07 into the running platform
				              --command-url URL       (default http://127.0.0.1:8081)
				              --query-url URL         (default http://127.0.0.1:8082)
				              --scenario FILE         another scenario file of the same form""");
	}

	private static void up(Arguments arguments) throws Exception {
		Path home = Path.of(arguments.option("home").orElse(".")).toAbsolutePath().normalize();
		PlatformSettings settings = PlatformSettings.defaults(home)
			.withDataDir(
					arguments.option("data-dir").map(Path::of).map(Path::toAbsolutePath).orElse(home.resolve("data")))
			.withExternal(arguments.option("kafka-bootstrap"), arguments.option("mongo-uri"));
		settings = settings.withStatusExportDir(arguments.option("status-export-dir")
			.map(Path::of)
			.map(Path::toAbsolutePath)
			.orElse(settings.statusExportDir()));
		long started = System.nanoTime();
		System.out.println("Starting the local stack; data in " + settings.dataDir() + ", logs in "
				+ settings.dataDir().resolve("logs"));
		Platform platform = Platform.create(settings);
		CountDownLatch stopped = new CountDownLatch(1);
		// before the first child starts, so that Ctrl-C or SIGTERM during start-up stops
		// what has started too
		Thread shutdown = new Thread(() -> {
			System.out.println("Stopping the local stack...");
			platform.close();
			System.out.println("Stopped.");
			stopped.countDown();
		}, "platform-shutdown");
		Runtime.getRuntime().addShutdownHook(shutdown);
		try {
			platform.startAll();
		}
		catch (Exception ex) {
			// startAll has stopped every component it had started: no port is left
			// answering
			System.err.println("The local stack did not start: " + ex.getMessage());
			System.err.println("Everything it had started is stopped again.");
			try {
				Runtime.getRuntime().removeShutdownHook(shutdown);
			}
			catch (IllegalStateException alreadyStopping) {
				// a signal interrupted the start; the hook is stopping what is left
			}
			System.exit(1);
		}
		System.out.printf("""

				The platform is up (%.1f s):
				  console             %s   (sign in here: pages for responders, customer success, finance)
				  incident-command    %s   (writes; OpenAPI at /v3/api-docs)
				  incident-query      %s   (reads)
				  timeline-projector  %s   (management: /actuator/health, POST /admin/rebuild)
				  notifier            %s   (subscriptions: /api/subscriptions)
				  status page copy    %s   (static files, kept current by the notifier)
				  Kafka               %s
				  MongoDB             %s
				A process that exits unexpectedly is started again (see logs/platform.log).
				Press Ctrl-C to stop.
				%n""", (System.nanoTime() - started) / 1e9, platform.baseUrl(Component.CONSOLE),
				platform.baseUrl(Component.COMMAND), platform.baseUrl(Component.QUERY),
				platform.baseUrl(Component.PROJECTOR), platform.baseUrl(Component.NOTIFIER), settings.statusExportDir(),
				platform.kafkaBootstrap(), platform.mongoUri());
		stopped.await();
	}

	private static final List<String> ROLES = List.of("RESPONDER", "CUSTOMER_SUCCESS", "FINANCE", "VIEWER", "ADMIN",
			"MONITOR");

	private static LocalIssuer issuer(Arguments arguments) {
		Path home = Path.of(arguments.option("home").orElse(".")).toAbsolutePath().normalize();
		Path dataDir = arguments.option("data-dir")
			.map(Path::of)
			.map(Path::toAbsolutePath)
			.orElse(home.resolve("data"));
		return LocalIssuer.at(dataDir.resolve("keys"));
	}

	private static void token(Arguments arguments) {
		List<String> roles = List.of(arguments.option("role").orElse("VIEWER").split(","));
		// without --user the token is for the first role's local user (monitor@local,
		// responder@local), as `./platform token --role MONITOR` is used for a monitoring
		// source
		String user = arguments.option("user").orElse(roles.get(0).toLowerCase(Locale.ROOT) + "@local");
		for (String role : roles) {
			if (!ROLES.contains(role)) {
				System.err.println("Unknown role " + role + "; roles: " + String.join(", ", ROLES));
				System.exit(2);
			}
		}
		System.out.println(issuer(arguments).token(user, roles,
				Duration.ofHours(Long.parseLong(arguments.option("ttl-hours").orElse("12")))));
	}

	private static void demo(Arguments arguments) throws Exception {
		String command = arguments.option("command-url").orElse("http://127.0.0.1:8081");
		String query = arguments.option("query-url").orElse("http://127.0.0.1:8082");
		var scenario = arguments.option("scenario")
			.map(Path::of)
			.map(ScenarioReplay::read)
			.orElseGet(ScenarioReplay::bundled);
		System.out.println("Loading \"" + scenario.get("name").asString() + "\" into " + command
				+ " (its contracts, then its incidents) ...");
		LocalIssuer issuer = issuer(arguments);
		ScenarioReplay.Result result = new ScenarioReplay(command,
				issuer.token("demo@nimbus.example", "RESPONDER", "FINANCE"))
			.replay(scenario, true);
		String viewer = issuer.token("demo@nimbus.example", "VIEWER");
		HttpClient http = HttpClient.newHttpClient();
		result.versions().forEach((incidentId, version) -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (System.nanoTime() < deadline) {
				try {
					HttpResponse<String> response = http
						.send(HttpRequest.newBuilder(URI.create(query + "/api/incidents/" + incidentId))
							.header("Authorization", "Bearer " + viewer)
							.build(), HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 200 && response.body().contains("\"version\":" + version + ",")) {
						break;
					}
					java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100);
				}
				catch (Exception ex) {
					throw new IllegalStateException("The query service did not answer: " + ex.getMessage(), ex);
				}
			}
			System.out.printf(
					"""
							Incident %s (version %d):
							  summary      %s/api/incidents/%s
							  timeline     %s/api/incidents/%s/timeline
							  event log    %s/api/incidents/%s/events
							  at 16:00 UTC %s/api/incidents/%s/state?asOf=2021-12-07T16:00:00Z
							  postmortem   %s/api/incidents/%s/postmortem
							  impact       %s/api/incidents/%s/impact
							  status page  %s/api/status
							  SLA credits  %s/api/sla/credits?month=2021-12   (Accept: text/csv for CSV)
							Read them with a token, for example:
							  curl -H "Authorization: Bearer $(./platform token --user you@example.com --role VIEWER,CUSTOMER_SUCCESS,FINANCE)" %s/api/incidents/%s/timeline
							""",
					incidentId, version, query, incidentId, query, incidentId, query, incidentId, query, incidentId,
					query, incidentId, query, incidentId, query, query, query, incidentId);
		});
	}

	private static void rebuild(Arguments arguments) throws Exception {
		String projector = arguments.option("projector-url").orElse("http://127.0.0.1:8083");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(projector + "/admin/rebuild"))
				.header("Authorization", "Bearer " + issuer(arguments).token("platform-cli", "ADMIN"))
				.timeout(Duration.ofMinutes(30))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		System.out.println(response.body());
		if (response.statusCode() / 100 != 2) {
			System.exit(1);
		}
	}

}
