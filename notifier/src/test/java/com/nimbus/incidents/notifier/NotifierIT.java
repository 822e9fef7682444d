package com.nimbus.incidents.notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.support.Api;
import com.nimbus.incidents.notifier.support.Api.Answer;
import com.nimbus.incidents.notifier.support.Receiver;
import com.nimbus.incidents.notifier.support.Receiver.Received;
import com.nimbus.incidents.notifier.support.TestEvents;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier against a real broker, a real store and a real HTTP receiver: the API,
 * matching, order, one slow receiver, 410, dead letters, replay, pause. Retries are
 * shortened (first 100 ms, at most 400 ms, given up after 3 s) so that a day of retries
 * fits a test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotifierIT {

	private static final String TOPIC = "incident-events-notifier-it-" + UUID.randomUUID();

	private static final String DATABASE = "notifier_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static Receiver receiver;

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	MongoTemplate mongo;

	private Api api;

	private TestEvents events;

	private final String alice = Api.token("alice@example.com", "RESPONDER");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("kafka.topic", () -> TOPIC);
		registry.add("kafka.group-id", () -> "notifier-it-" + UUID.randomUUID());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
		registry.add("notifier.allow-local-targets", () -> "true");
		registry.add("notifier.delivery.first-retry", () -> "100ms");
		registry.add("notifier.delivery.max-retry-interval", () -> "400ms");
		registry.add("notifier.delivery.give-up-after", () -> "3s");
	}

	@BeforeAll
	static void start() throws Exception {
		TestEvents.createTopic(TOPIC);
		receiver = new Receiver();
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		this.events = new TestEvents(TOPIC, this.json);
	}

	private String subscribe(String token, String path, String filter) {
		Answer created = this.api.post("/api/subscriptions",
				"{\"channel\":\"WEBHOOK\",\"target\":\"" + receiver.url(path) + "\",\"filter\":" + filter + "}", token);
		assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
		return created.body().get("subscriptionId").asText();
	}

	private static String incidentId() {
		return "INC-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
	}

	@Test
	void aSubscriptionBelongsToItsCreatorAndItsSecretIsShownOnce() {
		Answer created = this.api.post("/api/subscriptions", "{\"channel\":\"WEBHOOK\",\"target\":\""
				+ receiver.url("/owned") + "\",\"name\":\"pager\",\"filter\":{\"services\":[\"storage\"]}}",
				this.alice);
		assertThat(created.status()).isEqualTo(201);
		String id = created.body().get("subscriptionId").asText();
		assertThat(created.body().get("secret").asText()).hasSize(43);
		Answer own = this.api.get("/api/subscriptions/" + id, this.alice);
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body().get("name").asText()).isEqualTo("pager");
		assertThat(own.body().get("filter").get("services").get(0).asText()).isEqualTo("storage");
		assertThat(own.body().has("secret")).isFalse();
		assertThat(own.body().has("disabledAt")).isFalse();
		assertThat(own.body().get("paused").asBoolean()).isFalse();
		String bob = Api.token("bob@example.com", "RESPONDER");
		assertThat(this.api.get("/api/subscriptions/" + id, bob).status()).isEqualTo(404);
		assertThat(this.api.delete("/api/subscriptions/" + id, bob).status()).isEqualTo(404);
		assertThat(ids(this.api.get("/api/subscriptions", bob).body())).doesNotContain(id);
		assertThat(ids(this.api.get("/api/subscriptions", this.alice).body())).contains(id);
		String admin = Api.token("root@example.com", "ADMIN");
		assertThat(this.api.get("/api/subscriptions/" + id, admin).status()).isEqualTo(200);
		assertThat(ids(this.api.get("/api/subscriptions", admin).body())).contains(id);
		assertThat(this.api.delete("/api/subscriptions/" + id, this.alice).status()).isEqualTo(204);
		assertThat(this.api.get("/api/subscriptions/" + id, this.alice).status()).isEqualTo(404);
		assertThat(this.mongo.getCollection("notifier_subscriptions").countDocuments(new org.bson.Document("_id", id)))
			.isZero();
	}

	@Test
	void badBodiesAreRefusedWithAProblemAndNothingIsStored() {
		long before = this.mongo.getCollection("notifier_subscriptions").countDocuments();
		String url = receiver.url("/never");
		String[][] refused = { { "{\"channel\":\"PIGEON\",\"target\":\"" + url + "\"}", "400", "channel" },
				{ "{\"target\":\"" + url + "\"}", "400", "channel" }, { "{\"channel\":\"WEBHOOK\"}", "400", "target" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"ftp://example.com/x\"}", "422", "target" },
				{ "{\"channel\":\"EMAIL\",\"target\":\"not-an-address\"}", "422", "target" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"colour\":\"red\"}", "400", "colour" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"filter\":{\"minSeverity\":\"SEV9\"}}", "400",
						"filter.minSeverity" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"filter\":{\"types\":[\"IncidentExploded\"]}}",
						"400", "filter.types" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"filter\":{\"services\":\"storage\"}}", "400",
						"filter.services" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"filter\":{\"publicOnly\":\"yes\"}}", "400",
						"filter.publicOnly" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"filter\":{\"region\":[\"x\"]}}", "400",
						"filter.region" },
				{ "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\",\"name\":\"" + "n".repeat(201) + "\"}", "400",
						"name" } };
		for (String[] attempt : refused) {
			Answer answer = this.api.post("/api/subscriptions", attempt[0], this.alice);
			assertThat(answer.status()).as(attempt[0]).isEqualTo(Integer.parseInt(attempt[1]));
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.body().get("errors").get(0).get("field").asText()).as(attempt[0]).isEqualTo(attempt[2]);
			assertThat(answer.body().get("detail").asText()).isNotBlank();
		}
		Answer malformed = this.api.post("/api/subscriptions", "{\"channel\":", this.alice);
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
		assertThat(this.api
			.post("/api/subscriptions", "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\"}",
					Api.token("viewer@example.com", "VIEWER"))
			.status()).isEqualTo(403);
		assertThat(this.api.post("/api/subscriptions", "{\"channel\":\"WEBHOOK\",\"target\":\"" + url + "\"}", null)
			.status()).isEqualTo(401);
		String id = subscribe(this.alice, "/never", "{}");
		assertThat(
				this.api.post("/api/subscriptions/" + id + "/replay", "{\"from\":\"yesterday\"}", this.alice).status())
			.isEqualTo(400);
		assertThat(this.api.get("/api/subscriptions/" + id + "/deliveries?status=LOST", this.alice).status())
			.isEqualTo(400);
		assertThat(this.mongo.getCollection("notifier_subscriptions").countDocuments()).isEqualTo(before + 1);
	}

	@Test
	void matchingEventsArriveInOrderOnceEachWithTheirIncident() throws Exception {
		String storageId = subscribe(this.alice, "/storage", "{\"services\":[\"storage\"],\"minSeverity\":\"SEV2\"}");
		String computeId = subscribe(this.alice, "/compute", "{\"services\":[\"compute\"]}");
		String storage = incidentId();
		String compute = incidentId();
		String minor = incidentId();
		List<EventEnvelope> storageEvents = TestEvents.incident(storage, "Storage down", Severity.SEV1,
				List.of("storage"), 9);
		List<EventEnvelope> published = new ArrayList<>(storageEvents);
		published.addAll(TestEvents.incident(compute, "Compute slow", Severity.SEV3, List.of("compute"), 2));
		published.addAll(TestEvents.incident(minor, "Storage blip", Severity.SEV4, List.of("storage"), 2));
		// a record delivered twice, as after a crash of the relay
		published.add(storageEvents.get(3));
		// a record that is no envelope is skipped, and holds nothing up
		this.events.publishRaw(storage, "not an envelope");
		this.events.publish(published);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/storage").size() >= 10);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/compute").size() >= 3);
		List<Received> got = receiver.delivered("/storage");
		assertThat(got).extracting(Received::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
		assertThat(got).extracting(Received::notificationId)
			.containsExactlyElementsOf(storageEvents.stream().map(EventEnvelope::eventId).toList());
		assertThat(got).extracting(Received::incidentId).containsOnly(storage);
		assertThat(got.get(0).title()).isEqualTo("Storage down");
		assertThat(got.get(0).body().get("payload").get("title").asText()).isEqualTo("Storage down");
		assertThat(got.get(9).body().get("incident").get("version").asLong()).isEqualTo(9);
		assertThat(receiver.delivered("/compute")).extracting(Received::incidentId).containsOnly(compute);
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> lastDelivered(this.api.get("/api/subscriptions/" + storageId, this.alice).body(),
					storage) == 9);
		Answer deliveries = this.api.get("/api/subscriptions/" + storageId + "/deliveries?status=DELIVERED",
				this.alice);
		assertThat(deliveries.body().get("deliveries")).hasSize(10);
		assertThat(deliveries.body().get("deliveries").get(0).get("sequence").asLong()).isEqualTo(9);
		assertThat(deliveries.body().get("deliveries").get(0).get("statusCode").asInt()).isEqualTo(200);
		// nothing else comes: the duplicate record and the SEV4 incident are not
		// delivered
		Awaitility.await()
			.during(Duration.ofMillis(500))
			.atMost(PATIENCE)
			.until(() -> receiver.received("/storage").size() == 10);
		assertThat(computeId).isNotEqualTo(storageId);
	}

	@Test
	void aReceiverThatTakesTenSecondsDelaysNoOtherSubscription() throws Exception {
		receiver.answer("/slow", 200, 10_000);
		subscribe(this.alice, "/slow", "{\"services\":[\"network\"]}");
		subscribe(this.alice, "/quick", "{\"services\":[\"network\"]}");
		String first = incidentId();
		String second = incidentId();
		Instant published = Instant.now();
		List<EventEnvelope> all = new ArrayList<>(
				TestEvents.incident(first, "Net A", Severity.SEV2, List.of("network"), 4));
		all.addAll(TestEvents.incident(second, "Net B", Severity.SEV2, List.of("network"), 4));
		this.events.publish(all);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/quick").size() == 10);
		assertThat(Duration.between(published, Instant.now())).isLessThan(Duration.ofSeconds(8));
		assertThat(receiver.received("/slow")).isEmpty();
	}

	@Test
	void aReceiversGoneDisablesItsSubscription() throws Exception {
		receiver.answer("/gone", 410, 0);
		String id = subscribe(this.alice, "/gone", "{\"services\":[\"queue\"]}");
		this.events.publish(TestEvents.incident(incidentId(), "Queue", Severity.SEV2, List.of("queue"), 3));
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> this.api.get("/api/subscriptions/" + id, this.alice).body().has("disabledAt"));
		Awaitility.await()
			.during(Duration.ofMillis(500))
			.atMost(PATIENCE)
			.until(() -> receiver.received("/gone").size() == 1);
		Answer gone = this.api.get("/api/subscriptions/" + id + "/deliveries?status=GONE", this.alice);
		assertThat(gone.body().get("deliveries")).hasSize(1);
		assertThat(gone.body().get("deliveries").get(0).get("statusCode").asInt()).isEqualTo(410);
	}

	@Test
	void aDeliveryFailingPastItsTimeIsDeadLetteredAndTheLaneMovesOn() throws Exception {
		receiver.answer("/down", 503, 0);
		String id = subscribe(this.alice, "/down", "{\"services\":[\"cache\"]}");
		String incident = incidentId();
		this.events.publish(TestEvents.incident(incident, "Cache", Severity.SEV2, List.of("cache"), 1));
		Awaitility.await()
			.atMost(PATIENCE)
			.until(() -> this.api.get("/api/subscriptions/" + id + "/deliveries?status=DEAD_LETTER", this.alice)
				.body()
				.get("deliveries")
				.size() == 2);
		List<Received> tried = receiver.received("/down");
		// sequence 0 retried for 3 s before sequence 1 was tried at all
		int firstOfOne = tried.stream().map(Received::sequence).toList().indexOf(1L);
		assertThat(firstOfOne).isGreaterThan(3);
		assertThat(tried.subList(0, firstOfOne)).extracting(Received::sequence).containsOnly(0L);
		Answer subscription = this.api.get("/api/subscriptions/" + id, this.alice);
		assertThat(subscription.body().has("failing")).isTrue();
		assertThat(lastDelivered(subscription.body(), incident)).isEqualTo(1);
		Answer retries = this.api.get("/api/subscriptions/" + id + "/deliveries?status=RETRY", this.alice);
		assertThat(retries.body().get("deliveries").get(0).get("statusCode").asInt()).isEqualTo(503);
	}

	@Test
	void aReplaySendsTheMatchedEventsAgainAndPauseHoldsDeliveries() throws Exception {
		String id = subscribe(this.alice, "/replayed", "{\"services\":[\"dns\"]}");
		Instant start = Instant.now().minusSeconds(1);
		String incident = incidentId();
		List<EventEnvelope> published = TestEvents.incident(incident, "DNS", Severity.SEV2, List.of("dns"), 2);
		this.events.publish(published);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/replayed").size() == 3);
		Answer replay = this.api.post("/api/subscriptions/" + id + "/replay", "{\"from\":\"" + start + "\"}",
				this.alice);
		assertThat(replay.status()).isEqualTo(202);
		assertThat(replay.body().get("events").asInt()).isEqualTo(3);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/replayed").size() == 6);
		assertThat(receiver.delivered("/replayed")).extracting(Received::sequence)
			.containsExactly(0L, 1L, 2L, 0L, 1L, 2L);
		assertThat(
				this.api.post("/api/subscriptions/" + id + "/pause", "", this.alice).body().get("paused").asBoolean())
			.isTrue();
		this.events.publish(List.of(TestEvents.envelope(incident, 3, Instant.now(),
				new com.nimbus.incidents.events.NoteAdded("while paused"))));
		Awaitility.await()
			.during(Duration.ofMillis(1500))
			.atMost(PATIENCE)
			.until(() -> receiver.received("/replayed").size() == 6);
		this.api.post("/api/subscriptions/" + id + "/resume", "", this.alice);
		Awaitility.await().atMost(PATIENCE).until(() -> receiver.delivered("/replayed").size() == 7);
		assertThat(receiver.delivered("/replayed").get(6).sequence()).isEqualTo(3);
	}

	@Test
	void aTestNotificationGoesThroughTheChannelOnce() {
		String id = subscribe(this.alice, "/tested", "{\"incidentId\":\"INC-NONE\"}");
		Answer tested = this.api.post("/api/subscriptions/" + id + "/test", "", this.alice);
		assertThat(tested.status()).isEqualTo(200);
		assertThat(tested.body().get("result").asText()).isEqualTo("DELIVERED");
		assertThat(tested.body().get("statusCode").asInt()).isEqualTo(200);
		assertThat(receiver.received("/tested")).hasSize(1);
		assertThat(receiver.received("/tested").get(0).type()).isEqualTo("NotificationTest");
	}

	@Test
	void healthShowsTheIntakeTheStoreAndKafka() {
		Answer health = this.api.get("/actuator/health", Api.token("root@example.com", "ADMIN"));
		assertThat(health.status()).isEqualTo(200);
		JsonNode components = health.body().get("components");
		assertThat(components.get("intake").get("status").asText()).isEqualTo("UP");
		assertThat(components.get("intake").get("details").get("alive").asBoolean()).isTrue();
		assertThat(components.get("notifierStore").get("status").asText()).isEqualTo("UP");
		assertThat(components.get("kafka").get("status").asText()).isEqualTo("UP");
	}

	private static long lastDelivered(JsonNode subscription, String incidentId) {
		for (JsonNode lane : subscription.path("delivery")) {
			if (lane.get("incidentId").asText().equals(incidentId)) {
				return lane.get("lastDeliveredSequence").asLong();
			}
		}
		return -1;
	}

	private static List<String> ids(JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.forEach((subscription) -> ids.add(subscription.get("subscriptionId").asText()));
		return ids;
	}

}
