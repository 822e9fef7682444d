package com.nimbus.incidents.projector.consumer;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions the loop holds and how far behind the end of each it reads, for the
 * management endpoint and as the {@code projector.lag} gauge per partition. Measured on
 * the loop's thread after each poll, read from any.
 */
final class LagMeter {

	private final MeterRegistry meters;

	private final Map<TopicPartition, AtomicLong> gauges = new ConcurrentHashMap<>();

	private volatile List<String> partitions = List.of();

	private volatile Map<String, Long> lag = Map.of();

	private final io.micrometer.core.instrument.Timer applyTimer;

	private final io.micrometer.core.instrument.Timer commitTimer;

	private final io.micrometer.core.instrument.Timer fetchTimer;

	LagMeter(MeterRegistry meters) {
		this.meters = meters;
		this.fetchTimer = io.micrometer.core.instrument.Timer.builder("projector.delay")
			.tag("stage", "fetched")
			.description("From a record's send by the relay to the poll that returns it")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.applyTimer = step("apply", "Writing a poll's records to the read models", meters);
		this.commitTimer = step("commit", "Committing the offsets of the polls settled since the last commit", meters);
	}

	private static io.micrometer.core.instrument.Timer step(String step, String description, MeterRegistry meters) {
		return io.micrometer.core.instrument.Timer.builder("projector.poll")
			.tag("step", step)
			.description(description)
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	/**
	 * Records how long a poll's writes to the read models took, to its barrier's end: the
	 * projector's own share of the projection lag.
	 */
	void applied(long applyNanos) {
		this.applyTimer.record(applyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	/**
	 * Records how long an offset commit took (of the polls settled since the last one).
	 */
	void committed(long commitNanos) {
		this.commitTimer.record(commitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	/**
	 * Records how long each record of a poll took from the relay's send (its timestamp)
	 * to this poll: the broker's and the fetch's share of the lag. Replays (older than
	 * ten minutes) are left out.
	 */
	void fetched(Iterable<? extends org.apache.kafka.clients.consumer.ConsumerRecord<?, ?>> records, long nowMillis) {
		for (org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record : records) {
			long millis = nowMillis - record.timestamp();
			if (millis >= 0 && millis < 600_000) {
				this.fetchTimer.record(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Measures the partitions held.
	 * @return the partitions whose position, and so lag, is known
	 */
	Set<TopicPartition> measure(Consumer<?, ?> kafka, Set<TopicPartition> held) {
		Map<String, Long> current = new TreeMap<>();
		Set<TopicPartition> positioned = new HashSet<>();
		for (TopicPartition partition : held) {
			OptionalLong partitionLag = kafka.currentLag(partition);
			if (partitionLag.isPresent()) {
				positioned.add(partition);
				current.put(partition.toString(), partitionLag.getAsLong());
				this.gauges.computeIfAbsent(partition, this::gauge).set(partitionLag.getAsLong());
			}
		}
		this.lag = Collections.unmodifiableMap(current);
		this.partitions = held.stream().map(TopicPartition::toString).sorted().toList();
		return positioned;
	}

	/**
	 * Nothing held: the consumer is closed.
	 */
	void clear() {
		this.partitions = List.of();
	}

	List<String> partitions() {
		return this.partitions;
	}

	Map<String, Long> lag() {
		return this.lag;
	}

	private AtomicLong gauge(TopicPartition partition) {
		AtomicLong value = new AtomicLong();
		Gauge.builder("projector.lag", value, AtomicLong::get)
			.description("Records behind the end of the partition")
			.tag("topic", partition.topic())
			.tag("partition", String.valueOf(partition.partition()))
			.register(this.meters);
		return value;
	}

}
