package com.nimbus.incidents.projector.deadletter;

import com.nimbus.incidents.projector.store.DeferredJournal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Records the projector cannot read. Each goes to {@code <topic>.dlt} with its reason and
 * where it came from (headers), and into {@code dead_letters} (one document per record,
 * keyed by topic, partition and offset), where administrators list and retry them. The
 * projection goes on: later events of the same incident wait behind the gap, other
 * incidents are not held up.
 */
@Component
public class DeadLetters implements DisposableBean {

	public static final String COLLECTION = "dead_letters";

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final MongoCollection<Document> letters;

	private final Producer<String, byte[]> producer;

	private final Clock clock;

	private final String bootstrapServers;

	private final Set<String> readyTopics = ConcurrentHashMap.newKeySet();

	public DeadLetters(MongoTemplate mongo, ConsumerProperties kafka, Clock clock,
			io.micrometer.core.instrument.MeterRegistry meters) {
		this.letters = DeferredJournal.durable(mongo.getCollection(COLLECTION));
		this.clock = clock;
		this.bootstrapServers = kafka.bootstrapServers();
		io.micrometer.core.instrument.Gauge.builder("projector.dead.letters", this, DeadLetters::countQuietly)
			.description("Records set aside as unreadable")
			.register(meters);
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
				ProducerConfig.CLIENT_ID_CONFIG, "timeline-projector-dead-letters"));
	}

	public static String id(ConsumerRecord<String, byte[]> record) {
		return record.topic() + ":" + record.partition() + ":" + record.offset();
	}

	/**
	 * Sets the record aside with its reason; throws when it could not be, so that the
	 * poll is retried and the record not lost.
	 */
	public void record(ConsumerRecord<String, byte[]> record, String reason) {
		ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + ".dlt", record.key(),
				record.value());
		dead.headers().add("reason", reason.getBytes(StandardCharsets.UTF_8));
		dead.headers().add("sourceTopic", record.topic().getBytes(StandardCharsets.UTF_8));
		dead.headers().add("sourcePartition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
		dead.headers().add("sourceOffset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
		log.atError()
			.addKeyValue("incidentId", record.key())
			.addKeyValue("deadLetter", id(record))
			.log("Setting aside {} (key {}): {}", id(record), record.key(), reason);
		ensureTopic(dead.topic());
		try {
			this.producer.send(dead).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Cannot write to " + dead.topic() + ": " + ex.getCause(), ex.getCause());
		}
		String id = id(record);
		this.letters.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("topic", record.topic())
			.append("partition", record.partition())
			.append("offset", record.offset())
			.append("key", record.key())
			.append("value", (record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null)
			.append("reason", reason)
			.append("at", Date.from(this.clock.instant())), new ReplaceOptions().upsert(true));
	}

	/**
	 * The broker may not create topics by itself: the first dead letter of a topic
	 * creates {@code <topic>.dlt} with the broker's default partitions and replication.
	 */
	private void ensureTopic(String name) {
		if (this.readyTopics.contains(name)) {
			return;
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				5000))) {
			admin.createTopics(List.of(new NewTopic(name, Optional.empty(), Optional.empty())))
				.all()
				.get(15, TimeUnit.SECONDS);
			log.info("Created topic {}", name);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Cannot create " + name + ": " + ex.getCause(), ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer while creating " + name, ex);
		}
		this.readyTopics.add(name);
	}

	public List<Document> list() {
		return this.letters.find().into(new ArrayList<>());
	}

	public Document find(String id) {
		return this.letters.find(Filters.eq("_id", id)).first();
	}

	public void remove(String id) {
		this.letters.deleteOne(Filters.eq("_id", id));
	}

	public long count() {
		return this.letters.countDocuments();
	}

	private double countQuietly() {
		try {
			return count();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	@Override
	public void destroy() {
		this.producer.close();
	}

}
