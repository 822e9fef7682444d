package com.nimbus.incidents.command.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code signals} topic, written: every accepted signal, keyed by
 * {@code source:fingerprint}, acknowledged by every in-sync replica (idempotent producer,
 * so a retried send is written once) before the platform answers 202.
 */
class SignalLog implements AutoCloseable {

	/** How long a body's signals may take to be acknowledged before the answer is 503. */
	static final long ACK_TIMEOUT_MS = 10_000;

	private final KafkaProducer<String, byte[]> producer;

	private final String topic;

	SignalLog(String bootstrapServers, String topic) {
		this.topic = topic;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 2,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT_MS,
						ProducerConfig.CLIENT_ID_CONFIG, "signal-log"),
				new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * Starts sending; sends to one key keep their order.
	 */
	Future<RecordMetadata> send(Signal signal) {
		return this.producer.send(new ProducerRecord<>(this.topic, signal.key(), SignalCodec.encode(signal)));
	}

	/**
	 * Waits until every send is acknowledged.
	 * @throws SignalLogUnavailable when one failed or took too long
	 */
	static void await(List<Future<RecordMetadata>> sends) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MS);
		List<Exception> failures = new ArrayList<>();
		for (Future<RecordMetadata> send : sends) {
			try {
				send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				failures.add(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failures.add(ex);
			}
		}
		if (!failures.isEmpty()) {
			throw new SignalLogUnavailable(failures.size() + " of " + sends.size()
					+ " signals could not be written to the signals topic: " + failures.get(0));
		}
	}

	@Override
	public void close() {
		this.producer.close(java.time.Duration.ofSeconds(5));
	}

}
