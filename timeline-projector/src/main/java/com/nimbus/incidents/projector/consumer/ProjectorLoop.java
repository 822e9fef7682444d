package com.nimbus.incidents.projector.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A plain Kafka consumer in a consumer group: poll, hand each topic's records to its
 * handler (one bulk write per read model), then commit their offsets. Offsets are
 * committed only after the write, so a crash replays at most the last poll, which the
 * handler applies idempotently. A failed write is retried from the same offsets after a
 * pause.
 */
@Component
public class ProjectorLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProjectorLoop.class);

	private final ConsumerProperties properties;

	private final List<RecordsHandler> handlers;

	private final AtomicBoolean rebuildRequested = new AtomicBoolean();

	private final AtomicLong recordsApplied = new AtomicLong();

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private volatile Map<Integer, Long> lag = Map.of();

	private volatile Instant rebuildStartedAt;

	private volatile Instant rebuildCompletedAt;

	private volatile String lastError;

	private Thread worker;

	private final MeterRegistry meters;

	private final Map<TopicPartition, AtomicLong> lagGauges = new java.util.concurrent.ConcurrentHashMap<>();

	public ProjectorLoop(ConsumerProperties properties, List<RecordsHandler> handlers, MeterRegistry meters) {
		this.properties = properties;
		this.handlers = List.copyOf(handlers);
		this.meters = meters;
		FunctionCounter.builder("projector.records.applied", this.recordsApplied, AtomicLong::get)
			.description("Records projected into the read models")
			.register(meters);
	}

	/**
	 * The state of this projector, for the management endpoint.
	 *
	 * @param lag records behind the end, per assigned partition, where known
	 */
	public record Status(boolean running, long recordsApplied, Map<Integer, Long> lag, boolean rebuilding,
			Instant rebuildStartedAt, Instant rebuildCompletedAt, String lastError) {

	}

	public Status status() {
		return new Status(this.running, this.recordsApplied.get(), this.lag, isRebuilding(), this.rebuildStartedAt,
				this.rebuildCompletedAt, this.lastError);
	}

	private boolean isRebuilding() {
		return this.rebuildRequested.get() || (this.rebuildStartedAt != null && this.rebuildCompletedAt == null);
	}

	/**
	 * Drops the read models and replays the topic from the beginning; done on the
	 * consumer thread between two polls.
	 */
	public Instant requestRebuild() {
		this.rebuildCompletedAt = null;
		this.rebuildStartedAt = null;
		this.rebuildRequested.set(true);
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		return Instant.now();
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = new Thread(this::run, "projector-loop");
		this.worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopping.countDown();
		KafkaConsumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			this.worker.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private Map<String, Object> config() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.bootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, this.properties.groupId());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.properties.maxPollRecords());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// a projector that dies hands its partitions on within seconds, not the default
		// 45
		config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "timeline-projector-" + ProcessHandle.current().pid());
		return config;
	}

	private void run() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(5000);
		BackOffExecution retry = null;
		try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config())) {
			this.consumer = kafka;
			kafka.subscribe(this.handlers.stream().map(RecordsHandler::topic).toList(),
					new ConsumerRebalanceListener() {
						@Override
						public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
							log.info("Partitions revoked: {}", partitions);
						}

						@Override
						public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
							log.info("Partitions assigned: {}", partitions);
						}
					});
			while (this.running) {
				Map<TopicPartition, Long> firstOffsets = new HashMap<>();
				try {
					if (this.rebuildRequested.get()) {
						rebuild(kafka);
					}
					ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(200));
					if (!records.isEmpty()) {
						List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
						for (ConsumerRecord<String, byte[]> record : records) {
							firstOffsets.putIfAbsent(new TopicPartition(record.topic(), record.partition()),
									record.offset());
							batch.add(record);
						}
						for (RecordsHandler handler : this.handlers) {
							List<ConsumerRecord<String, byte[]>> ofTopic = batch.stream()
								.filter((record) -> record.topic().equals(handler.topic()))
								.toList();
							if (!ofTopic.isEmpty()) {
								handler.handle(ofTopic);
							}
						}
						kafka.commitSync(nextOffsets(records));
						this.recordsApplied.addAndGet(batch.size());
					}
					updateLag(kafka);
					retry = null;
					this.lastError = null;
				}
				catch (WakeupException ex) {
					// stop or rebuild requested; the loop condition and the flag decide
					firstOffsets.forEach(kafka::seek);
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						break;
					}
					firstOffsets.forEach(kafka::seek);
					this.lastError = ex.toString();
					retry = (retry != null) ? retry : backOff.start();
					long pause = retry.nextBackOff();
					log.warn("Projection failed, retrying the same records in {} ms: {}", pause, ex.toString());
					awaitStop(pause);
				}
			}
		}
		finally {
			this.consumer = null;
		}
	}

	private void rebuild(KafkaConsumer<String, byte[]> kafka) {
		if (kafka.assignment().isEmpty()) {
			kafka.poll(Duration.ZERO);
			if (kafka.assignment().isEmpty()) {
				return;
			}
		}
		kafka.seekToBeginning(kafka.assignment());
		Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
		for (TopicPartition partition : kafka.assignment()) {
			beginning.put(partition, new OffsetAndMetadata(kafka.position(partition)));
		}
		// Commit first: a crash after this point replays from the beginning onto whatever
		// is left, which the projection applies idempotently.
		kafka.commitSync(beginning);
		this.handlers.forEach(RecordsHandler::reset);
		this.rebuildRequested.set(false);
		this.rebuildStartedAt = Instant.now();
		log.info("Rebuilding the read models from the beginning of {}", beginning.keySet());
	}

	private void updateLag(KafkaConsumer<String, byte[]> kafka) {
		Map<Integer, Long> current = new TreeMap<>();
		boolean known = !kafka.assignment().isEmpty();
		for (TopicPartition partition : kafka.assignment()) {
			var partitionLag = kafka.currentLag(partition);
			if (partitionLag.isPresent()) {
				current.put(partition.partition(), partitionLag.getAsLong());
				this.lagGauges.computeIfAbsent(partition, (tp) -> {
					AtomicLong value = new AtomicLong();
					Gauge.builder("projector.lag", value, AtomicLong::get)
						.description("Records behind the end of the partition")
						.tag("topic", tp.topic())
						.tag("partition", String.valueOf(tp.partition()))
						.register(this.meters);
					return value;
				}).set(partitionLag.getAsLong());
			}
			else {
				known = false;
			}
		}
		this.lag = Map.copyOf(current);
		if (known && this.rebuildStartedAt != null && this.rebuildCompletedAt == null
				&& current.values().stream().allMatch((value) -> value == 0)) {
			this.rebuildCompletedAt = Instant.now();
			log.info("Rebuild complete in {}", Duration.between(this.rebuildStartedAt, this.rebuildCompletedAt));
		}
	}

	private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(partition);
			offsets.put(partition,
					new OffsetAndMetadata(partitionRecords.get(partitionRecords.size() - 1).offset() + 1));
		}
		return offsets;
	}

	private void awaitStop(long millis) {
		try {
			this.stopping.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
