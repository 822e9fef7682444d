package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.e2e.CommandStream.Ack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads an incident's log in the three places it lives, the command service's event
 * store, the {@code incident-events} topic and the query service's read model, and
 * compares them with what the writers were told: every sequence from 0 to the last once,
 * in order, with the same event id everywhere, and every acknowledged command's event at
 * the version it was acknowledged with. Collects every finding before failing, so that a
 * failure shows the whole damage.
 */
final class LogComparison {

	/** Where Axon's Mongo event store keeps the command service's events. */
	static final String EVENT_STORE_DATABASE = "incident_command";

	static final String EVENT_STORE_COLLECTION = "domainevents";

	// the field names of axon-mongo's EventEntryConfiguration.getDefault(), which the
	// command service's PointLookupStorageStrategy keeps
	private static final String AGGREGATE_ID = "aggregateIdentifier";

	private static final String SEQUENCE = "sequenceNumber";

	private static final String EVENT_ID = "eventIdentifier";

	private static final String PAYLOAD = "serializedPayload";

	static final String TOPIC = "incident-events";

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/**
	 * One event as one place holds it. {@code text} is the note's text or the action's
	 * description when the place shows the payload; {@code partition} is -1 off the
	 * topic.
	 */
	record LoggedEvent(String incidentId, long sequence, String eventId, String text, int partition) {
	}

	private final List<String> findings = new ArrayList<>();

	private int eventsChecked;

	/**
	 * Every stored event of the given incidents, per incident by sequence, repeats kept.
	 */
	static Map<String, List<LoggedEvent>> eventStore(String mongoUri, Collection<String> incidents) {
		Map<String, List<LoggedEvent>> events = new LinkedHashMap<>();
		incidents.forEach((incident) -> events.put(incident, new ArrayList<>()));
		try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(mongoUri))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
			.applyToSocketSettings(
					(socket) -> socket.connectTimeout(5, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS))
			.build())) {
			for (Document document : client.getDatabase(EVENT_STORE_DATABASE)
				.getCollection(EVENT_STORE_COLLECTION)
				.find(Filters.in(AGGREGATE_ID, incidents))
				.projection(Projections.include(AGGREGATE_ID, SEQUENCE, EVENT_ID, PAYLOAD))) {
				String incident = document.getString(AGGREGATE_ID);
				events.get(incident)
					.add(new LoggedEvent(incident, ((Number) document.get(SEQUENCE)).longValue(),
							document.getString(EVENT_ID), storedText(document.get(PAYLOAD)), -1));
			}
		}
		events.values().forEach((list) -> list.sort(Comparator.comparingLong(LoggedEvent::sequence)));
		return events;
	}

	private static String storedText(Object payload) {
		return (payload instanceof String json) ? text(Api.JSON.readTree(json)) : null;
	}

	private static String text(JsonNode payload) {
		if (payload == null) {
			return null;
		}
		if (payload.hasNonNull("text")) {
			return payload.get("text").asString();
		}
		return payload.hasNonNull("description") ? payload.get("description").asString() : null;
	}

	/**
	 * The last sequence the event store holds for each incident, -1 for none.
	 */
	static Map<String, Long> lastSequences(Map<String, List<LoggedEvent>> store) {
		Map<String, Long> last = new LinkedHashMap<>();
		store.forEach((incident, events) -> last.put(incident,
				events.stream().mapToLong(LoggedEvent::sequence).max().orElse(-1)));
		return last;
	}

	/**
	 * The given incidents' records on {@code incident-events}, read from the beginning of
	 * every partition to its end offset, per incident (the record key) in offset order.
	 */
	static Map<String, List<LoggedEvent>> topic(String bootstrap, Collection<String> incidents) {
		Map<String, List<LoggedEvent>> events = new LinkedHashMap<>();
		incidents.forEach((incident) -> events.put(incident, new ArrayList<>()));
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "end-to-end-log-comparison");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
			List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))
				.stream()
				.map((partition) -> new TopicPartition(TOPIC, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			Instant deadline = Instant.now().plus(PATIENCE);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("Could not read " + TOPIC + " to its end offsets " + end);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
						continue;
					}
					List<LoggedEvent> incident = events.get(record.key());
					if (incident != null) {
						JsonNode envelope = Api.JSON.readTree(record.value());
						incident.add(new LoggedEvent(envelope.path("incidentId").asString(),
								envelope.get("sequence").asLong(), envelope.path("eventId").asString(),
								text(envelope.get("payload")), record.partition()));
					}
				}
			}
		}
		return events;
	}

	/**
	 * Reads the topic until it holds, for each incident, a sequence at least as high as
	 * the given one, or until the patience runs out; returns the last reading either way,
	 * for the comparison to report what is missing.
	 */
	static Map<String, List<LoggedEvent>> awaitTopic(String bootstrap, Map<String, Long> last) {
		List<Map<String, List<LoggedEvent>>> reading = new ArrayList<>(List.of(Map.of()));
		try {
			Awaitility.await("every incident's last sequence on " + TOPIC)
				.atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					reading.set(0, topic(bootstrap, last.keySet()));
					return last.entrySet()
						.stream()
						.allMatch((incident) -> reading.get(0)
							.get(incident.getKey())
							.stream()
							.anyMatch((event) -> event.sequence() >= incident.getValue()));
				});
		}
		catch (ConditionTimeoutException ex) {
			// compared as it is
		}
		return reading.get(0);
	}

	/**
	 * The incident's raw event log as the query service shows it, once it shows the given
	 * version or, failing that, when the deadline has passed.
	 */
	static List<LoggedEvent> readModel(String queryUrl, String incident, long last, Instant deadline) throws Exception {
		String url = queryUrl + "/api/incidents/" + incident + "/events";
		JsonNode log;
		try {
			Duration left = Duration.between(Instant.now(), deadline);
			log = Api.awaitVersion(url, last,
					(left.compareTo(Duration.ofSeconds(1)) > 0) ? left : Duration.ofSeconds(1));
		}
		catch (ConditionTimeoutException ex) {
			Api.Response response = Api.get(url);
			log = (response.status() == 200) ? response.body() : null;
		}
		List<LoggedEvent> events = new ArrayList<>();
		if (log != null) {
			log.get("events")
				.forEach((envelope) -> events
					.add(new LoggedEvent(envelope.path("incidentId").asString(), envelope.get("sequence").asLong(),
							envelope.path("eventId").asString(), text(envelope.get("payload")), -1)));
		}
		return events;
	}

	/**
	 * The event store holds each sequence from 0 to its last once, every acknowledged
	 * version among them, each with the command it was acknowledged for.
	 */
	void checkStore(String incident, List<LoggedEvent> store, NavigableMap<Long, Ack> acknowledged) {
		long last = store.isEmpty() ? -1 : store.get(store.size() - 1).sequence();
		gaplessOnce("event store", incident, store, last);
		if (last < acknowledged.lastKey()) {
			this.findings.add("%s: the event store ends at %d, below the last acknowledged version %d"
				.formatted(incident, last, acknowledged.lastKey()));
		}
		matchesAcknowledged("event store", incident, store, acknowledged);
		this.eventsChecked += store.size();
	}

	/**
	 * The topic holds each sequence from 0 to the store's last exactly once, in
	 * increasing order on one partition, keyed by the incident; every acknowledged
	 * version among them with the command it was acknowledged for, and the event ids of
	 * the store.
	 */
	void checkTopic(String incident, List<LoggedEvent> topic, List<LoggedEvent> store,
			NavigableMap<Long, Ack> acknowledged) {
		gaplessOnce(TOPIC, incident, topic, lastOf(store));
		Set<Integer> partitions = topic.stream().map(LoggedEvent::partition).collect(Collectors.toSet());
		if (partitions.size() > 1) {
			this.findings.add("%s: on %s partitions %s, not one".formatted(incident, TOPIC, partitions));
		}
		topic.stream()
			.filter((event) -> !incident.equals(event.incidentId()))
			.forEach((event) -> this.findings.add("%s: record keyed by it names incident %s at sequence %d"
				.formatted(incident, event.incidentId(), event.sequence())));
		matchesAcknowledged(TOPIC, incident, topic, acknowledged);
		sameEventIds(TOPIC, incident, topic, store);
		this.eventsChecked += topic.size();
	}

	/**
	 * The read model's log holds each sequence from 0 to the store's last once, in order,
	 * with the acknowledged commands and the store's event ids.
	 */
	void checkReadModel(String incident, List<LoggedEvent> readModel, List<LoggedEvent> store,
			NavigableMap<Long, Ack> acknowledged) {
		gaplessOnce("read model", incident, readModel, lastOf(store));
		matchesAcknowledged("read model", incident, readModel, acknowledged);
		sameEventIds("read model", incident, readModel, store);
		this.eventsChecked += readModel.size();
	}

	/**
	 * The next write of the incident gets the version after the store's last; the store's
	 * last is at least the last acknowledged version (a write whose answer was lost in a
	 * kill may have landed after it).
	 */
	void checkNextWrite(String commandUrl, String mongoUri, String incident, long lastAcknowledged) throws Exception {
		long last = lastSequences(eventStore(mongoUri, List.of(incident))).get(incident);
		if (last < lastAcknowledged) {
			this.findings.add("%s: the event store's last sequence %d is below the last acknowledged version %d"
				.formatted(incident, last, lastAcknowledged));
		}
		Api.Response response = Api.post(commandUrl + "/api/incidents/" + incident + "/notes",
				"{\"text\":\"after the fault\"}");
		if (response.status() != 200) {
			this.findings.add("%s: the next write got %d: %s".formatted(incident, response.status(), response.text()));
		}
		else if (response.body().get("version").asLong() != last + 1) {
			this.findings.add("%s: the next write got version %d, not %d (the event store's last + 1)"
				.formatted(incident, response.body().get("version").asLong(), last + 1));
		}
	}

	/** A finding of the caller's own. */
	void add(String finding) {
		this.findings.add(finding);
	}

	private static long lastOf(List<LoggedEvent> store) {
		return store.stream().mapToLong(LoggedEvent::sequence).max().orElse(-1);
	}

	/**
	 * The sequences, in the order the place gives them, are exactly 0, 1, ..., last.
	 */
	private void gaplessOnce(String place, String incident, List<LoggedEvent> events, long last) {
		List<Long> sequences = events.stream().map(LoggedEvent::sequence).toList();
		Map<Long, Integer> counts = new HashMap<>();
		sequences.forEach((sequence) -> counts.merge(sequence, 1, Integer::sum));
		List<Long> repeated = counts.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		List<Long> missing = new ArrayList<>();
		for (long sequence = 0; sequence <= last; sequence++) {
			if (!counts.containsKey(sequence)) {
				missing.add(sequence);
			}
		}
		List<Long> beyond = new TreeSet<>(counts.keySet()).tailSet(last + 1).stream().toList();
		List<String> disorder = new ArrayList<>();
		for (int i = 1; i < sequences.size(); i++) {
			if (sequences.get(i) < sequences.get(i - 1)) {
				disorder.add(sequences.get(i - 1) + " then " + sequences.get(i));
			}
		}
		if (!repeated.isEmpty()) {
			this.findings.add("%s: %s holds sequences %s more than once".formatted(incident, place, ranges(repeated)));
		}
		if (!missing.isEmpty()) {
			this.findings.add("%s: %s lacks sequences %s of 0..%d".formatted(incident, place, ranges(missing), last));
		}
		if (!beyond.isEmpty()) {
			this.findings.add("%s: %s holds sequences %s past the event store's last %d".formatted(incident, place,
					ranges(beyond), last));
		}
		if (!disorder.isEmpty()) {
			this.findings.add("%s: %s goes back %d times: %s".formatted(incident, place, disorder.size(),
					String.join(", ", disorder.subList(0, Math.min(10, disorder.size())))));
		}
	}

	/** Sorted numbers as runs: {@code 3..17, 20}. */
	private static String ranges(List<Long> sorted) {
		List<String> runs = new ArrayList<>();
		for (int i = 0; i < sorted.size(); i++) {
			int j = i;
			while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
				j++;
			}
			runs.add((j == i) ? String.valueOf(sorted.get(i)) : sorted.get(i) + ".." + sorted.get(j));
			i = j;
		}
		return "[" + String.join(", ", runs) + "]";
	}

	/**
	 * Every acknowledged version is there, carrying the command it was acknowledged for
	 * (where the place shows the payload) and the event id the answer named (if any).
	 */
	private void matchesAcknowledged(String place, String incident, List<LoggedEvent> events,
			NavigableMap<Long, Ack> acknowledged) {
		Map<Long, List<LoggedEvent>> bySequence = events.stream().collect(Collectors.groupingBy(LoggedEvent::sequence));
		List<Long> absent = new ArrayList<>();
		for (Ack ack : acknowledged.values()) {
			List<LoggedEvent> at = bySequence.get(ack.version());
			if (at == null) {
				absent.add(ack.version());
				continue;
			}
			for (LoggedEvent event : at) {
				if (ack.text() != null && event.text() != null && !ack.text().equals(event.text())) {
					this.findings.add("%s: %s has %s at acknowledged version %d, which was acknowledged for %s"
						.formatted(incident, place, event.text(), ack.version(), ack.text()));
				}
				if (ack.eventId() != null && !ack.eventId().equals(event.eventId())) {
					this.findings.add("%s: %s has event %s at acknowledged version %d, acknowledged as event %s"
						.formatted(incident, place, event.eventId(), ack.version(), ack.eventId()));
				}
			}
		}
		if (!absent.isEmpty()) {
			this.findings.add("%s: %s lacks acknowledged versions %s".formatted(incident, place, ranges(absent)));
		}
	}

	private void sameEventIds(String place, String incident, List<LoggedEvent> events, List<LoggedEvent> store) {
		Map<Long, Set<String>> stored = new HashMap<>();
		store.forEach((event) -> stored.computeIfAbsent(event.sequence(), (sequence) -> new HashSet<>())
			.add(event.eventId()));
		for (LoggedEvent event : events) {
			Set<String> ids = stored.get(event.sequence());
			if (ids != null && !ids.contains(event.eventId())) {
				this.findings.add("%s: %s has event %s at sequence %d, the event store %s".formatted(incident, place,
						event.eventId(), event.sequence(), ids));
			}
		}
	}

	int eventsChecked() {
		return this.eventsChecked;
	}

	List<String> findings() {
		return List.copyOf(this.findings);
	}

	/** Fails with every finding, one a line. */
	void assertNothingLostNothingTwice(String after) {
		assertNothingLostNothingTwice(after, () -> "");
	}

	/**
	 * @param context what to add to the findings when there are any (what the logs of the
	 * stack said)
	 */
	void assertNothingLostNothingTwice(String after, Supplier<String> context) {
		if (this.findings.isEmpty()) {
			return;
		}
		assertThat(this.findings)
			.as("%s, %d findings:%n%s%n%s%n", after, this.findings.size(),
					String.join(System.lineSeparator(), this.findings), context.get())
			.isEmpty();
	}

}
