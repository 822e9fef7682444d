package com.nimbus.incidents.notifier.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incidents' events on a topic of the test's own, written as the command service's relay
 * writes them: {@link EventEnvelope}s through the service's JSON mapper, keyed by
 * incident.
 */
public final class TestEvents {

	private final String topic;

	private final JsonMapper json;

	public TestEvents(String topic, JsonMapper json) {
		this.topic = topic;
		this.json = json;
	}

	public static void createTopic(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
		}
	}

	/**
	 * An incident declared on these services, then {@code notes} notes: sequences
	 * 0..notes.
	 */
	public static List<EventEnvelope> incident(String incidentId, String title, Severity severity,
			List<String> services, int notes) {
		List<EventEnvelope> events = new ArrayList<>();
		Instant now = Instant.now();
		events.add(envelope(incidentId, 0, now, new IncidentDeclared(title, severity, "summary",
				DetectionSource.MONITORING, now, services, List.of("us-east-1"), null)));
		for (int i = 1; i <= notes; i++) {
			events.add(envelope(incidentId, i, now, new NoteAdded("note " + i)));
		}
		return events;
	}

	public static EventEnvelope envelope(String incidentId, long sequence, Instant at, IncidentEvent payload) {
		return EventEnvelope.of(UUID.randomUUID().toString(), incidentId, sequence, at, Instant.now(),
				"alice@example.com", payload);
	}

	/** A record as it is, readable or not. */
	public void publishRaw(String key, String value) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			producer.send(new ProducerRecord<>(this.topic, key, value)).get();
		}
	}

	public void publish(List<EventEnvelope> envelopes) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			for (EventEnvelope envelope : envelopes) {
				sent.add(producer.send(new ProducerRecord<>(this.topic, envelope.incidentId(),
						this.json.writeValueAsString(envelope))));
			}
			// the idempotent producer keeps each incident's records in order
			for (Future<RecordMetadata> record : sent) {
				record.get();
			}
		}
	}

}
