package com.nimbus.incidents.testinfra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning, as a fresh consumer group, for tests that check what
 * was published.
 */
public final class TopicReader implements AutoCloseable {

	/** One record as read, in partition order. */
	public record Read(int partition, long offset, String key, String value, Map<String, String> headers) {
	}

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<Read> read = new ArrayList<>();

	public TopicReader(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
		this.consumer.subscribe(List.of(topic));
	}

	/**
	 * Reads until everything read so far satisfies {@code done}, or fails after the
	 * timeout; returns all records read by this reader.
	 */
	public List<Read> readUntil(Predicate<List<Read>> done, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (!done.test(this.read)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Gave up after " + timeout + " with " + this.read.size() + " records read");
			}
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
				Map<String, String> headers = new java.util.LinkedHashMap<>();
				record.headers()
					.forEach((header) -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
				this.read.add(new Read(record.partition(), record.offset(), record.key(),
						(record.value() != null) ? new String(record.value(), StandardCharsets.UTF_8) : null, headers));
			}
		}
		return List.copyOf(this.read);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
