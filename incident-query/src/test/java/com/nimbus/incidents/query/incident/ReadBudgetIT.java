package com.nimbus.incidents.query.incident;

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
import java.util.stream.IntStream;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read budget and the cache's byte cap in the running service, configured small: a
 * crowd on a heavy read gets answers or 503s with {@code Retry-After}, never a 500; a
 * read larger than one request may hold gets a 422 telling the client to narrow it; the
 * cache never weighs more than its bytes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "limits.read-bytes=4MB",
		"limits.request-bytes=2MB", "limits.read-wait=100ms", "limits.cache-bytes=512KB" })
class ReadBudgetIT {

	private static final String DATABASE = "budget_it_" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * 40 notes of 3,000 characters: about 0.9 MB of estimated heap as an event log, so
	 * one request fits and four at once fill the budget.
	 */
	private static final String LONG = "INC-LONG000001";

	private static final String MANY = "INC-MANY000001";

	/**
	 * 100 such notes, about 2.2 MB: more than one request may hold, with fewer events
	 * than many a timeline that is answered.
	 */
	private static final String HUGE = "INC-HUGE000001";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	ReadBudget budget;

	@Autowired
	IncidentLogCache cache;

	@Autowired
	MeterRegistry meters;

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
		if (this.mongo.getCollection(IncidentReadModels.SUMMARIES).countDocuments() > 0) {
			return;
		}
		ReadModelSeed seed = new ReadModelSeed(this.mongo).clear();
		Instant start = Instant.parse("2021-12-07T15:00:00Z");
		seed.incident(LONG, start, log(40, 3000), true);
		seed.incident(HUGE, start, log(100, 3000), true);
		seed.incident(MANY, start, log(800, 100), true);
		for (int incident = 0; incident < 40; incident++) {
			seed.incident("INC-SMALL%06d".formatted(incident), start.plusSeconds(incident * 3600L), log(10, 1000),
					true);
		}
		seed.flush();
	}

	private static List<IncidentEvent> log(int events, int noteCharacters) {
		List<IncidentEvent> log = new ArrayList<>();
		log.add(new IncidentDeclared("Elevated errors on compute-api", Severity.SEV2, null, DetectionSource.MONITORING,
				null, List.of("compute-api"), List.of("us-east-1")));
		String words = "Checked the load balancers and the instance pool again; error rates unchanged. ";
		IntStream.range(1, events)
			.forEach((n) -> log.add(new NoteAdded(
					(n + ". " + words.repeat(noteCharacters / words.length() + 1)).substring(0, noteCharacters))));
		return log;
	}

	@Test
	void givenACrowdOnAHeavyRead_whenTheBudgetIsFull_thenEachGetsTheAnswerOrA503WithRetryAfterAndNever500()
			throws Exception {
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		List<String> wrong = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(16);
		try {
			List<Callable<Void>> crowd = new ArrayList<>();
			for (int client = 0; client < 16; client++) {
				crowd.add(() -> {
					for (int request = 0; request < 5; request++) {
						ResponseEntity<String> response = get("/api/incidents/" + LONG + "/events");
						int status = response.getStatusCode().value();
						statuses.merge(status, 1, Integer::sum);
						String problem = (status == 503) ? busyProblem(response) : null;
						if (problem != null) {
							synchronized (wrong) {
								wrong.add(problem);
							}
						}
					}
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

		System.out.printf("Read budget crowd: statuses %s%n", new TreeMap<>(statuses));
		assertThat(statuses.keySet()).isSubsetOf(200, 503);
		assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(80);
		assertThat(statuses.getOrDefault(200, 0)).isPositive();
		assertThat(wrong).isEmpty();
		assertThat(this.budget.budget().available()).isEqualTo(this.budget.budget().capacity());
		JsonNode answered = this.json.readTree(get("/api/incidents/" + LONG + "/events").getBody());
		assertThat(answered.get("events")).hasSize(40);
	}

	/**
	 * What is wrong with a 503's problem detail, or {@code null}.
	 */
	private String busyProblem(ResponseEntity<String> response) {
		JsonNode problem = this.json.readTree(response.getBody());
		if (!"1".equals(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))) {
			return "no Retry-After: 1 in " + response.getHeaders();
		}
		if (!problem.get("type").asString().endsWith("/problems/busy")) {
			return "type " + problem.get("type");
		}
		if (!"application/problem+json".equals(String.valueOf(response.getHeaders().getContentType()))) {
			return "content type " + response.getHeaders().getContentType();
		}
		return null;
	}

	@Test
	void givenAReadLargerThanOneRequestMayHold_whenAsked_thenA422TellsTheClientToNarrowIt() {
		for (String path : List.of("/api/incidents/" + HUGE + "/events",
				"/api/incidents/" + HUGE + "/state?asOf=2021-12-07T16:00:00Z")) {
			ResponseEntity<String> response = get(path);

			assertThat(response.getStatusCode().value()).as(path).isEqualTo(422);
			JsonNode problem = this.json.readTree(response.getBody());
			assertThat(problem.get("type").asString()).endsWith("/problems/too-costly");
			assertThat(problem.get("detail").asString()).contains("2 MiB").contains("narrow");
		}
		assertThat(this.budget.budget().available()).isEqualTo(this.budget.budget().capacity());
		assertThat(this.meters.get("query.read.refused").tag("reason", "too-costly").functionCounter().count())
			.isGreaterThanOrEqualTo(2);
		assertThat(get("/api/incidents/" + HUGE).getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void givenALogLargerThanOneRequestMayHold_whenItsStateIsAsked_thenTheFoldReadsItInChunksAndAnswers() {
		assertThat(get("/api/incidents/" + MANY + "/events").getStatusCode().value()).isEqualTo(422);

		ResponseEntity<String> response = get("/api/incidents/" + MANY + "/state?asOf=2021-12-09T00:00:00Z");

		assertThat(response.getStatusCode().value()).isEqualTo(200);
		JsonNode state = this.json.readTree(response.getBody());
		assertThat(state.get("notes")).hasSize(799);
		assertThat(state.get("notes").get(798).get("text").asString()).startsWith("799. Checked");
		assertThat(this.budget.budget().available()).isEqualTo(this.budget.budget().capacity());
	}

	@Test
	void givenManyIncidentsRead_whenTheCacheIsWeighed_thenItHoldsNoMoreThanItsBytes() {
		assertThat(this.cache.maxBytes()).isEqualTo(512 * 1024);
		for (int incident = 0; incident < 40; incident++) {
			String incidentId = "INC-SMALL%06d".formatted(incident);
			assertThat(get("/api/incidents/" + incidentId + "/timeline").getStatusCode().value()).isEqualTo(200);
			assertThat(get("/api/incidents/" + incidentId + "/state").getStatusCode().value()).isEqualTo(200);

			assertThat(this.cache.weighedBytes()).as("after " + incidentId).isLessThanOrEqualTo(512 * 1024);
		}
		// each incident's events weigh about 7 x 10 entries of over a kilobyte: forty of
		// them are well past the cap, so the cache is full, not empty
		assertThat(this.cache.weighedBytes()).isGreaterThan(256 * 1024);
	}

	private ResponseEntity<String> get(String path) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization",
					"Bearer " + TestInfrastructure.issuer().token("vic@nimbus.example", "VIEWER"))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build()
			.get()
			.uri(path)
			.retrieve()
			.toEntity(String.class);
	}

}
