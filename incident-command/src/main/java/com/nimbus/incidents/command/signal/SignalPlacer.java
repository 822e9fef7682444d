package com.nimbus.incidents.command.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.support.kafka.FreshPoll;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The placer's loop: one consumer (group {@code signal-placer}) of the {@code signals}
 * topic, which it places, and of {@code incident-events}, from which it knows which open
 * incident covers which component. The loop only takes records in: what an incident event
 * says about coverage is stored at once, and signals are handed to their component's
 * queue ({@link ComponentQueues}), placed by workers while the loop goes on fetching.
 * Offsets are committed every {@link #COMMIT_EVERY_MILLIS} up to the first record not yet
 * done, after a barrier that makes every placement below them durable; a record is never
 * skipped, and one done twice (after a crash, or by the instance that gets its partition)
 * changes nothing ({@link SignalPlacement}).
 */
class SignalPlacer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SignalPlacer.class);

	/**
	 * The consumer group: one per signals topic, so that stacks sharing a broker never
	 * place each other's signals.
	 */
	static String group(String signalTopic) {
		return "signal-placer." + signalTopic;
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final int WORKERS = 16;

	private static final long COMMIT_EVERY_MILLIS = 200;

	/**
	 * Signals waiting to be placed beyond which the signals topic is paused (incident
	 * events still flow): memory stays bounded whatever the storm.
	 */
	private static final int MAX_WAITING = 20_000;

	private final KafkaConsumer<String, byte[]> consumer;

	private final String signalTopic;

	private final String incidentTopic;

	private final SignalStore store;

	private final ComponentQueues queues;

	private final Thread thread;

	private final Map<TopicPartition, Long> committed = new HashMap<>();

	private long barrierCovers;

	private long committedAt;

	private boolean paused;

	private volatile boolean running = true;

	private volatile Throwable died;

	SignalPlacer(String bootstrapServers, String signalTopic, String incidentTopic, SignalPlacement placement,
			SignalStore store) {
		this.signalTopic = signalTopic;
		this.incidentTopic = incidentTopic;
		this.store = store;
		this.queues = new ComponentQueues(placement::placeComponent, WORKERS);
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, group(signalTopic), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
				ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 << 20, ConsumerConfig.CLIENT_ID_CONFIG, "signal-placer"),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.thread = new Thread(this::run, "signal-placer");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Whether the loop's thread is alive (health).
	 */
	boolean alive() {
		return this.thread.isAlive() || !this.running;
	}

	Throwable died() {
		return this.died;
	}

	private void run() {
		try {
			this.consumer.subscribe(List.of(this.signalTopic, this.incidentTopic), new Handover());
			FreshPoll<String, byte[]> fresh = new FreshPoll<>(this.consumer);
			while (this.running) {
				List<ConsumerRecord<String, byte[]>> records = fresh.poll(Duration.ofMillis(100));
				if (!records.isEmpty()) {
					take(records);
				}
				throttle();
				if (System.nanoTime() - this.committedAt >= TimeUnit.MILLISECONDS.toNanos(COMMIT_EVERY_MILLIS)) {
					commit();
				}
				fresh.turnDone();
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		catch (Throwable ex) {
			this.died = ex;
			log.error("The signal placer stopped: {}", ex.toString(), ex);
		}
		finally {
			this.queues.close();
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	/**
	 * Takes a poll in: what incidents cover first (a failure seeks back to the record and
	 * takes it again after a pause), then the signals, to their components' queues.
	 */
	private void take(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
		List<ComponentQueues.Taken> signals = new ArrayList<>();
		Set<TopicPartition> failed = new HashSet<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			if (failed.contains(partition)) {
				continue;
			}
			if (partition.topic().equals(this.signalTopic)) {
				Optional<Signal> signal = (record.value() != null) ? decode(record) : Optional.empty();
				if (signal.isPresent()) {
					signals.add(new ComponentQueues.Taken(signal.get(), partition, record.offset()));
				}
				else {
					this.queues.done(partition, record.offset(), false);
				}
				continue;
			}
			try {
				this.queues.done(partition, record.offset(), record.value() != null && cover(record));
			}
			catch (RuntimeException ex) {
				log.warn("Could not take in {}-{}@{}: {}; taking it again in 1 s", record.topic(), record.partition(),
						record.offset(), ex.toString());
				this.consumer.seek(partition, record.offset());
				failed.add(partition);
			}
		}
		this.queues.take(signals);
		if (!failed.isEmpty()) {
			Thread.sleep(1_000);
		}
	}

	/**
	 * Pauses the signals topic while too many signals wait, and resumes it at half.
	 */
	private void throttle() {
		int waiting = this.queues.waiting();
		if (!this.paused && waiting > MAX_WAITING) {
			this.consumer.pause(signalPartitions(this.consumer.assignment()));
			this.paused = true;
		}
		else if (this.paused && waiting < MAX_WAITING / 2) {
			this.consumer.resume(signalPartitions(this.consumer.assignment()));
			this.paused = false;
		}
	}

	private List<TopicPartition> signalPartitions(Collection<TopicPartition> partitions) {
		return partitions.stream().filter((partition) -> partition.topic().equals(this.signalTopic)).toList();
	}

	/**
	 * Commits the offsets below which everything is done, once what it wrote is durable:
	 * one barrier covers every placement counted before the offsets were read. A commit
	 * that fails is tried again at the next turn (the records are done again at worst).
	 */
	private void commit() {
		this.committedAt = System.nanoTime();
		ComponentQueues.Committable ready = this.queues.toCommit();
		Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
		ready.offsets().forEach((partition, offset) -> {
			if (!offset.equals(this.committed.get(partition))) {
				moved.put(partition, new OffsetAndMetadata(offset));
			}
		});
		if (moved.isEmpty()) {
			return;
		}
		try {
			if (ready.placements() > this.barrierCovers) {
				this.store.barrier();
				this.barrierCovers = ready.placements();
			}
			this.consumer.commitSync(moved);
			moved.forEach((partition, offset) -> this.committed.put(partition, offset.offset()));
		}
		catch (WakeupException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			log.warn("Could not commit the placer's offsets now: {}", ex.toString());
		}
	}

	/**
	 * Before a partition goes to another instance: lets what was taken from it be placed,
	 * and commits.
	 */
	private final class Handover implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			try {
				SignalPlacer.this.queues.awaitDone(partitions, 10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			commit();
			SignalPlacer.this.queues.forget(partitions);
			partitions.forEach(SignalPlacer.this.committed::remove);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			SignalPlacer.this.queues.forget(partitions);
			partitions.forEach(SignalPlacer.this.committed::remove);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (SignalPlacer.this.paused) {
				SignalPlacer.this.consumer.pause(signalPartitions(partitions));
			}
		}

	}

	private Optional<Signal> decode(ConsumerRecord<String, byte[]> record) {
		try {
			return Optional.of(SignalCodec.decode(record.value()));
		}
		catch (RuntimeException ex) {
			// only this service writes the topic: a record it cannot read is a defect to
			// see, not a reason to stop placing every other signal
			log.error("Skipping an unreadable signal {} at {}-{}@{}: {}", record.key(), record.topic(),
					record.partition(), record.offset(), ex.toString());
			return Optional.empty();
		}
	}

	/**
	 * What an incident event says about the components the incident covers.
	 * @return whether it stored anything
	 */
	private boolean cover(ConsumerRecord<String, byte[]> record) {
		JsonNode envelope = JSON.readTree(record.value());
		String incidentId = envelope.path("incidentId").asString(null);
		JsonNode payload = envelope.path("payload");
		if (incidentId == null) {
			return false;
		}
		switch (envelope.path("type").asString("")) {
			case "IncidentDeclared" -> {
				List<String> components = new java.util.ArrayList<>();
				for (JsonNode service : payload.path("services")) {
					for (JsonNode region : payload.path("regions")) {
						components.add(service.asString() + "|" + region.asString());
					}
				}
				this.store.cover(incidentId, components);
				return true;
			}
			case "ImpactReported" -> {
				if (payload.path("endedAt").isMissingNode() || payload.path("endedAt").isNull()) {
					this.store.cover(incidentId,
							List.of(payload.path("service").asString() + "|" + payload.path("region").asString()));
					return true;
				}
				return false;
			}
			case "IncidentResolved" -> {
				this.store.uncover(incidentId);
				return true;
			}
			case "IncidentReopened" -> {
				this.store.recover(incidentId);
				return true;
			}
			default -> {
				// no other event changes what an incident covers
				return false;
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.consumer.wakeup();
		this.thread.join(10_000);
		this.queues.close();
	}

}
