package com.nimbus.incidents.query.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.bson.Document;
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
 * The crowd on the public status page that once ran the service out of heap: 64 clients,
 * back to back for 30 seconds, half of them accepting gzip as browsers do, against the
 * status page document of a busy quarter (15 components, 15 incidents open, 150 resolved
 * in the last 90 days, each with public updates: a 125 kB page). Every answer is a 200,
 * at thousands per second, the 99th percentile under 100 ms, the server's CPU per answer
 * well under a millisecond, and the heap after GC is what it was before: the page is
 * rendered once and served from memory. The clients run in this JVM, on the same cores.
 * The build runs it in a JVM of its own with {@code -Xmx160m} (execution
 * {@code status-crowd-in-160m} of the module's pom), a heap shared here with the embedded
 * store and the clients. {@code -Dstatus.crowd.seconds}, {@code .clients} and
 * {@code .gzip-percent} change the crowd for a look at other shapes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusPageCrowdIT {

	private static final String DATABASE = "status_crowd_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final int CLIENTS = Integer.getInteger("status.crowd.clients", 64);

	private static final Duration CROWD = Duration.ofSeconds(Long.getLong("status.crowd.seconds", 30));

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	private static final List<String> SERVICES = List.of("compute-api", "object-storage", "dns", "identity",
			"block-storage");

	private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1");

	private static final int OPEN = 15;

	private static final int RESOLVED = 150;

	static {
		// a connection kept alive per client (the JDK keeps 5 per host unless told)
		System.setProperty("http.maxConnections", String.valueOf(CLIENTS));
	}

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	/**
	 * The document as the projector keeps it: one incident a little over every half day.
	 */
	@BeforeEach
	void seed() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<StatusPageIncident> incidents = new ArrayList<>();
		for (int n = 0; n < OPEN + RESOLVED; n++) {
			boolean open = n < OPEN;
			Instant start = open ? now.minus(Duration.ofMinutes(10L * (n + 1)))
					: now.minus(Duration.ofMinutes(830L * (n - OPEN + 1)));
			Instant end = start.plus(Duration.ofMinutes(45));
			String service = SERVICES.get(n % SERVICES.size());
			String region = REGIONS.get(n % REGIONS.size());
			List<StatusPageUpdate> updates = List.of(
					new StatusPageUpdate(UpdateStatus.INVESTIGATING,
							"We are investigating elevated error rates on " + service + " in " + region,
							start.plusSeconds(120), 2),
					new StatusPageUpdate(UpdateStatus.IDENTIFIED,
							"We have identified the cause and are rolling back the release", start.plusSeconds(900), 5),
					new StatusPageUpdate(UpdateStatus.MONITORING,
							"Error rates are recovering; we are monitoring the rollback", start.plusSeconds(1800), 8));
			incidents
				.add(new StatusPageIncident("INC-CROWD%05d".formatted(n), 10,
						open ? IncidentStatus.OPEN : IncidentStatus.RESOLVED, start, open ? null : end,
						(n % 4 == 0) ? null : "Elevated error rates on " + service + " in " + region,
						List.of(new StatusPageWindow(service, region,
								ImpactLevel.values()[n % ImpactLevel.values().length], start, open ? null : end)),
						updates));
		}
		this.mongo.getCollection(ReadModelCollections.STATUS_PAGE)
			.replaceOne(new Document("_id", "public"),
					StatusPageCodec.toDocument(new StatusPageDocument("crowd", 1, incidents)),
					new ReplaceOptions().upsert(true));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.json.readTree(get(false).body()).get("history").size() == RESOLVED);
	}

	@Test
	void sixtyFourClientsForThirtySecondsGetThePageAtThousandsPerSecondWithAFlatHeap() throws Exception {
		JsonNode page = this.json.readTree(get(false).body());
		assertThat(page.get("services")).hasSize(SERVICES.size() * REGIONS.size());
		assertThat(page.get("overall").asString()).isEqualTo("MAJOR_OUTAGE");
		long shown = 0;
		for (JsonNode component : page.get("services")) {
			shown += component.get("incidents").size();
		}
		assertThat(shown).isEqualTo(OPEN);
		int bytes = get(false).body().length();
		run(WARM_UP);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		long before = memory.getHeapMemoryUsage().getUsed();

		long serverCpuBefore = serverCpuNanos();
		Crowd crowd = run(CROWD);
		long serverCpu = serverCpuNanos() - serverCpuBefore;

		memory.gc();
		long after = memory.getHeapMemoryUsage().getUsed();
		double perSecond = crowd.answers() / (CROWD.toMillis() / 1000.0);
		System.out.printf(
				"Status page crowd: %d clients for %s, page %d bytes: statuses %s, %.0f answers/s, p50 %.1f ms, "
						+ "p99 %.1f ms, max %.1f ms; server CPU %.0f us per answer; heap after GC %d -> %d of %d%n",
				CLIENTS, CROWD, bytes, crowd.statuses(), perSecond, crowd.percentile(0.50), crowd.percentile(0.99),
				crowd.percentile(1.0), serverCpu / 1000.0 / crowd.answers(), before, after,
				Runtime.getRuntime().maxMemory());
		assertThat(crowd.statuses().keySet()).containsOnly(200);
		// wall-clock speed depends on what else the machine runs: its targets (thousands
		// a
		// second, p99 under 100 ms) are measured by ./platform bench (crowd.*); here a
		// floor far above the 3 a second the page managed when it read the store
		assertThat(perSecond).isGreaterThan(200);
		// what an answer costs the service, whatever else the machine runs: about 0.1 ms
		// from memory, about 1 ms through the security chain and the dispatcher
		assertThat(serverCpu / crowd.answers()).isLessThan(500_000);
		assertThat(after - before).isLessThan(16L * 1024 * 1024);
	}

	/**
	 * The CPU time of the web server's threads (Tomcat's acceptor, poller and workers) so
	 * far: what the answers cost the service, whatever else runs on the machine.
	 */
	private static long serverCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().startsWith("http-nio-")) {
				total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
			}
		}
		return total;
	}

	private record Crowd(Map<Integer, Integer> statuses, long[] latencies) {

		long answers() {
			return this.latencies.length;
		}

		/** The latency in milliseconds at this quantile. */
		double percentile(double quantile) {
			int index = (int) Math.min(this.latencies.length - 1, Math.ceil(quantile * this.latencies.length) - 1);
			return this.latencies[Math.max(0, index)] / 1_000_000.0;
		}

	}

	private Crowd run(Duration duration) throws Exception {
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		long until = System.nanoTime() + duration.toNanos();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<long[]> latencies = new ArrayList<>();
		try {
			List<Callable<long[]>> crowd = new ArrayList<>();
			for (int client = 0; client < CLIENTS; client++) {
				boolean gzip = client % 100 < Integer.getInteger("status.crowd.gzip-percent", 50);
				crowd.add(() -> {
					long[] taken = new long[1 << 14];
					int count = 0;
					do {
						long start = System.nanoTime();
						int status = fetch(gzip);
						long took = System.nanoTime() - start;
						statuses.merge(status, 1, Integer::sum);
						if (count == taken.length) {
							taken = Arrays.copyOf(taken, count * 2);
						}
						taken[count++] = took;
					}
					while (System.nanoTime() < until);
					return Arrays.copyOf(taken, count);
				});
			}
			for (Future<long[]> done : clients.invokeAll(crowd)) {
				latencies.add(done.get());
			}
		}
		finally {
			clients.shutdownNow();
		}
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Crowd(new TreeMap<>(statuses), all);
	}

	/**
	 * One GET, the body read to its end, on a connection kept alive per client thread
	 * ({@link HttpURLConnection}: each client does its own I/O, where {@link HttpClient}
	 * funnels every connection through one selector thread and would measure itself).
	 */
	private int fetch(boolean gzip) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + this.port + "/api/status")
			.toURL()
			.openConnection();
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(60000);
		if (gzip) {
			connection.setRequestProperty("Accept-Encoding", "gzip");
		}
		int status = connection.getResponseCode();
		try (InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			if (body != null) {
				body.transferTo(OutputStream.nullOutputStream());
			}
		}
		return status;
	}

	private HttpRequest request(boolean gzip) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/status"))
			.timeout(Duration.ofSeconds(60));
		if (gzip) {
			request.header("Accept-Encoding", "gzip");
		}
		return request.build();
	}

	private HttpResponse<String> get(boolean gzip) throws Exception {
		return this.http.send(request(gzip), HttpResponse.BodyHandlers.ofString());
	}

}
