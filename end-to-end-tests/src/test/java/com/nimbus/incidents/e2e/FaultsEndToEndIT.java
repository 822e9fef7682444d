package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.awaitVersion;
import static com.nimbus.incidents.e2e.Api.get;
import static com.nimbus.incidents.e2e.Api.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost under faults, with real processes: the projector and the Kafka broker are
 * killed without warning during a steady stream of commands, the store goes away and
 * comes back, a hundred writers race on one incident. After each, every acknowledged
 * command's event is in the read models exactly once, and a rebuild gives the same read
 * models.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsEndToEndIT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static Platform platform;

	private static String command;

	private static String query;

	private static final List<String> incidents = new ArrayList<>();

	private static final Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();

	private static final AtomicInteger sent = new AtomicInteger();

	private static final AtomicInteger refused = new AtomicInteger();

	private static int restarts;

	@BeforeAll
	static void start() throws Exception {
		platform = LocalPlatform.start();
		Api.bearer = platform.issuer().token("dana@nimbus.example", "RESPONDER", "VIEWER", "ADMIN");
		command = platform.baseUrl(Component.COMMAND);
		query = platform.baseUrl(Component.QUERY);
		for (int i = 0; i < 4; i++) {
			String id = accepted(post(command + "/api/incidents",
					"""
							{"title":"fault test","severity":"SEV2","detectionSource":"MONITORING","services":["dns"],"regions":["eu-west-1"]}"""))
				.get("incidentId")
				.asString();
			incidents.add(id);
			acknowledged.put(id, new ConcurrentSkipListSet<>(Set.of(0L)));
		}
	}

	@AfterAll
	static void stop() {
		System.out.printf("Faults: %d commands sent, %d acknowledged, %d refused or unanswered, %d restarts%n",
				sent.get(), acknowledged.values().stream().mapToInt(Set::size).sum(), refused.get(), restarts);
		if (platform != null) {
			platform.close();
		}
	}

	/** Writers that keep recording actions until stopped. */
	private static final class Stream implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> writers = new ArrayList<>();

		Stream() {
			for (int w = 0; w < 4; w++) {
				String id = incidents.get(w);
				Thread writer = new Thread(() -> {
					int n = 0;
					while (this.running.get()) {
						sent.incrementAndGet();
						try {
							Api.Response response = post(command + "/api/incidents/" + id + "/actions",
									"{\"kind\":\"INVESTIGATION\",\"description\":\"step " + n++ + "\"}");
							if (response.status() == 200) {
								acknowledged.get(id).add(response.body().get("version").asLong());
							}
							else {
								refused.incrementAndGet();
							}
						}
						catch (Exception ex) {
							refused.incrementAndGet();
						}
					}
				});
				writer.start();
				this.writers.add(writer);
			}
		}

		void awaitMore(int count) {
			int target = total() + count;
			Awaitility.await().atMost(PATIENCE).until(() -> total() >= target);
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			for (Thread writer : this.writers) {
				writer.join();
			}
		}

	}

	private static int total() {
		return acknowledged.values().stream().mapToInt(Set::size).sum();
	}

	/**
	 * Every acknowledged version is in each incident's log, once, without a gap.
	 */
	private static int checkEverythingIsThereOnce() throws Exception {
		int checked = 0;
		for (String id : incidents) {
			long last = acknowledged.get(id).stream().mapToLong(Long::longValue).max().orElseThrow();
			JsonNode log = awaitVersion(query + "/api/incidents/" + id + "/events", last);
			List<Long> sequences = new ArrayList<>();
			log.get("events").forEach((event) -> sequences.add(event.get("sequence").asLong()));
			for (int i = 0; i < sequences.size(); i++) {
				assertThat(sequences.get(i)).as("the log of %s has no gap and no repeat", id).isEqualTo(i);
			}
			assertThat(sequences).containsAll(acknowledged.get(id));
			JsonNode timeline = accepted(get(query + "/api/incidents/" + id + "/timeline"));
			assertThat(timeline.get("entries").size()).isEqualTo(sequences.size());
			checked += sequences.size();
		}
		return checked;
	}

	@Test
	@Order(1)
	void killingTheProjectorLosesNothingAndAppliesNothingTwice() throws Exception {
		try (Stream stream = new Stream()) {
			stream.awaitMore(80);
			platform.kill(Component.PROJECTOR);
			stream.awaitMore(80);
			platform.start(Component.PROJECTOR);
			restarts++;
			stream.awaitMore(40);
		}
		System.out.printf("After kill -9 of the projector: %d events checked%n", checkEverythingIsThereOnce());
	}

	@Test
	@Order(2)
	void killingTheBrokerLosesNothingAndCommandsAndReadsGoOn() throws Exception {
		try (Stream stream = new Stream()) {
			stream.awaitMore(80);
			platform.kill(Component.KAFKA);
			int before = total();
			stream.awaitMore(60);
			assertThat(total()).as("commands accepted while Kafka is down").isGreaterThanOrEqualTo(before + 60);
			assertThat(get(query + "/api/incidents/" + incidents.get(0)).status()).as("reads go on").isEqualTo(200);
			platform.start(Component.KAFKA);
			restarts++;
			stream.awaitMore(40);
		}
		System.out.printf("After kill -9 of the broker: %d events checked%n", checkEverythingIsThereOnce());
	}

	@Test
	@Order(3)
	void withTheStoreAwayBothServicesAnswer503AndRecoverByThemselves() throws Exception {
		platform.stop(Component.MONGO);
		Api.Response write = post(command + "/api/incidents/" + incidents.get(0) + "/notes",
				"{\"text\":\"store away\"}");
		assertThat(write.status()).isEqualTo(503);
		assertThat(write.body().get("type").asString()).endsWith("/store-unavailable");
		assertThat(write.text()).doesNotContain("Exception");
		Api.Response read = get(query + "/api/incidents/" + incidents.get(0));
		assertThat(read.status()).isEqualTo(503);
		assertThat(read.body().get("type").asString()).endsWith("/store-unavailable");
		platform.start(Component.MONGO);
		restarts++;
		Awaitility.await()
			.atMost(PATIENCE)
			.ignoreExceptions()
			.until(() -> post(command + "/api/incidents/" + incidents.get(0) + "/notes", "{\"text\":\"store back\"}")
				.status() == 200);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> get(query + "/api/incidents/" + incidents.get(0)).status() == 200);
	}

	@Test
	@Order(4)
	void aHundredConcurrentWritersOnOneIncident() throws Exception {
		String id = incidents.get(0);
		// the command service's answer is the version now; the read side may still lag
		long start = accepted(post(command + "/api/incidents/" + id + "/notes", "{\"text\":\"before the writers\"}"))
			.get("version")
			.asLong();
		awaitVersion(query + "/api/incidents/" + id, start);
		CountDownLatch go = new CountDownLatch(1);
		Set<Long> free = new ConcurrentSkipListSet<>();
		Set<Long> guarded = new ConcurrentSkipListSet<>();
		AtomicInteger stale = new AtomicInteger();
		AtomicInteger other = new AtomicInteger();
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 100; w++) {
			boolean withIfMatch = w % 2 == 0;
			int n = w;
			Thread writer = new Thread(() -> {
				try {
					go.await();
					String url = command + "/api/incidents/" + id + "/notes";
					Api.Response response = withIfMatch
							? Api.call("POST", url, "{\"text\":\"writer " + n + "\"}", Api.bearer, "\"" + start + "\"")
							: post(url, "{\"text\":\"writer " + n + "\"}");
					if (response.status() == 200) {
						(withIfMatch ? guarded : free).add(response.body().get("version").asLong());
					}
					else if (response.status() == 412 || response.status() == 409) {
						stale.incrementAndGet();
					}
					else {
						other.incrementAndGet();
					}
				}
				catch (Exception ex) {
					other.incrementAndGet();
				}
			});
			writer.start();
			writers.add(writer);
		}
		go.countDown();
		for (Thread writer : writers) {
			writer.join();
		}
		assertThat(other.get()).as("answers other than success, 409 or 412").isZero();
		assertThat(free).as("writers without If-Match all succeed").hasSize(50);
		assertThat(guarded).as("at most one writer wins the If-Match race").hasSizeLessThanOrEqualTo(1);
		assertThat(stale.get()).isEqualTo(50 - guarded.size());
		long last = start + free.size() + guarded.size();
		Set<Long> versions = new TreeSet<>(free);
		versions.addAll(guarded);
		assertThat(versions).as("no two writers got the same version").hasSize(free.size() + guarded.size());
		JsonNode log = awaitVersion(query + "/api/incidents/" + id + "/events", last);
		assertThat(log.get("events").size()).as("no gap, nothing lost").isEqualTo((int) last + 1);
		System.out.printf("100 writers: %d without If-Match succeeded, %d with If-Match succeeded, %d got 409/412%n",
				free.size(), guarded.size(), stale.get());
	}

	@Test
	@Order(5)
	void aRebuildAfterTheFaultsGivesTheSameReadModels() throws Exception {
		List<String> urls = new ArrayList<>();
		for (String id : incidents) {
			urls.add("/api/incidents/" + id);
			urls.add("/api/incidents/" + id + "/timeline");
			urls.add("/api/incidents/" + id + "/events");
		}
		urls.add("/api/incidents?size=200");
		List<String> before = new ArrayList<>();
		for (String url : urls) {
			before.add(accepted(get(query + url)).toString());
		}
		Map<String, Long> versions = new ConcurrentHashMap<>();
		for (String id : incidents) {
			versions.put(id, accepted(get(query + "/api/incidents/" + id)).get("version").asLong());
		}
		String projector = platform.baseUrl(Component.PROJECTOR);
		assertThat(post(projector + "/admin/rebuild", "").status()).isEqualTo(202);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> !accepted(get(projector + "/admin/projection")).get("rebuildCompletedAt").isNull());
		for (String id : incidents) {
			awaitVersion(query + "/api/incidents/" + id, versions.get(id));
		}
		for (int i = 0; i < urls.size(); i++) {
			assertThat(accepted(get(query + urls.get(i))).toString()).as(urls.get(i)).isEqualTo(before.get(i));
		}
	}

}
