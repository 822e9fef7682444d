package com.nimbus.incidents.query.status;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.IncidentResolved;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.query.incident.ReadModelSeed;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crowd that made the service run out of heap: 3,000 incidents stored as the
 * projector stores them, 16 clients on the public status page for five seconds, with the
 * budgets the local stack's 160 MiB heap gets by default. Each answer is the page or a
 * 503 with {@code Retry-After}, and what the service keeps on the heap afterwards is
 * bounded. The build runs it in a JVM of its own with {@code -Xmx160m} (execution
 * {@code status-crowd-in-160m} of the module's pom), a heap shared here with the embedded
 * store and the clients, so an {@code OutOfMemoryError} would fail it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "limits.read-bytes=40MB", "limits.request-bytes=20MB", "limits.cache-bytes=20MB" })
class StatusPageCrowdIT {

	private static final String DATABASE = "status_crowd_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final int INCIDENTS = 3000;

	private static final List<String> SERVICES = List.of("compute-api", "object-storage", "dns", "identity",
			"block-storage");

	private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1");

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	ReadBudget budget;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeEach
	void seed() {
		ReadModelSeed seed = new ReadModelSeed(this.mongo).clear();
		Instant start = Instant.parse("2026-08-01T00:00:00Z");
		for (int n = 0; n < INCIDENTS; n++) {
			Instant declared = start.plus(Duration.ofMinutes(40L * n));
			seed.incident("INC-CROWD%05d".formatted(n), declared, incident(n, declared), false);
		}
		seed.flush();
	}

	/**
	 * Every tenth incident still open with its impact, the rest resolved, each with a
	 * responder and a public update, as incidents on a busy platform look.
	 */
	private static List<IncidentEvent> incident(int n, Instant declared) {
		String service = SERVICES.get(n % SERVICES.size());
		String region = REGIONS.get(n % REGIONS.size());
		List<IncidentEvent> log = new ArrayList<>(List.of(
				new IncidentDeclared("Elevated error rates on " + service + " in " + region + " (" + n + ")",
						Severity.values()[n % Severity.values().length],
						"Customers see failed requests; the on-call is looking", DetectionSource.MONITORING, null,
						List.of(service), List.of(region)),
				new ResponderAssigned("oncall" + (n % 40) + "@nimbus.example", ResponderRole.COMMANDER),
				new ImpactReported("imp-" + n, service, region, ImpactLevel.values()[n % ImpactLevel.values().length],
						new BigDecimal("0.25"), declared.plusSeconds(60), null, null,
						List.of("c-" + (n % 100), "c-" + (n % 70))),
				new StatusUpdatePosted(UpdateStatus.IDENTIFIED,
						"We have identified the cause of the errors on " + service + " and are rolling back", true)));
		if (n % 10 != 0) {
			log.add(new ImpactEnded("imp-" + n, declared.plusSeconds(600)));
			log.add(new IncidentResolved("Rolled back the release; error rates are back to normal"));
		}
		return log;
	}

	@Test
	void givenThousandsOfIncidents_when16ClientsReadTheStatusPage_thenEachGetsItOrA503AndTheHeapStaysBounded()
			throws Exception {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		long before = memory.getHeapMemoryUsage().getUsed();

		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		List<String> wrong = new ArrayList<>();
		List<String> pages = new ArrayList<>();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/status"))
			.timeout(Duration.ofSeconds(60))
			.build();
		long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Callable<Void>> crowd = new ArrayList<>();
			for (int client = 0; client < 16; client++) {
				crowd.add(() -> {
					do {
						HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
						statuses.merge(response.statusCode(), 1, Integer::sum);
						synchronized (wrong) {
							if (response.statusCode() == 200 && pages.size() < 3) {
								pages.add(response.body());
							}
							else if (response.statusCode() == 503
									&& !response.headers().firstValue("Retry-After").orElse("").equals("1")) {
								wrong.add("503 without Retry-After: 1: " + response.headers().map());
							}
						}
					}
					while (System.nanoTime() < until);
					return null;
				});
			}
			for (Future<Void> done : clients.invokeAll(crowd)) {
				done.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		memory.gc();
		long after = memory.getHeapMemoryUsage().getUsed();

		System.out.printf(
				"Status page crowd: statuses %s, read budget peak %d of %d bytes, heap after GC %d -> %d of %d%n",
				new TreeMap<>(statuses), this.budget.budget().peak(), this.budget.budget().capacity(), before, after,
				Runtime.getRuntime().maxMemory());
		assertThat(statuses.keySet()).isSubsetOf(200, 503);
		assertThat(statuses.getOrDefault(200, 0)).isPositive();
		assertThat(wrong).isEmpty();
		JsonNode page = this.json.readTree(pages.get(0));
		assertThat(page.get("services")).hasSize(SERVICES.size() * REGIONS.size());
		assertThat(page.get("overall").asString()).isEqualTo("MAJOR_OUTAGE");
		long incidentsShown = 0;
		for (JsonNode component : page.get("services")) {
			incidentsShown += component.get("incidents").size();
		}
		assertThat(incidentsShown).isEqualTo(INCIDENTS / 10);
		assertThat(this.budget.budget().peak()).isPositive().isLessThanOrEqualTo(this.budget.budget().capacity());
		assertThat(this.budget.budget().available()).isEqualTo(this.budget.budget().capacity());
		// nothing a request read is kept: the status page does not use the log cache
		assertThat(after - before).isLessThan(32L * 1024 * 1024);
	}

}
