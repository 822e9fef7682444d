package com.nimbus.incidents.projector.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.projector.consumer.ConsumerProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

	public DeadLetters(MongoTemplate mongo, ConsumerProperties kafka, Clock clock,
			io.micrometer.core.instrument.MeterRegistry meters) {
		this.letters = mongo.getCollection(COLLECTION);
		this.clock = clock;
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
		log.atError()
			.addKeyValue("incidentId", record.key())
			.addKeyValue("deadLetter", id)
			.log("Dead letter {} (key {}): {}", id, record.key(), reason);
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
