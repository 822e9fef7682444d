package com.nimbus.incidents.command.signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The placer's loop: one consumer (group {@code signal-placer}) of the {@code signals}
 * topic, which it places, and of {@code incident-events}, from which it knows which open
 * incident covers which component. Each record's effect is stored before its offset is
 * committed; a failure seeks back to the first record not done and tries again after a
 * pause, so a record is never skipped, and one done twice changes nothing
 * ({@link SignalPlacement}).
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

	private final KafkaConsumer<String, byte[]> consumer;

	private final String signalTopic;

	private final String incidentTopic;

	private final SignalPlacement placement;

	private final SignalStore store;

	private final Thread thread;

	/**
	 * Places components in parallel: a component's placement mostly waits for the store's
	 * journal, so many share the processors well; an incident's commands queue on its own
	 * lock.
	 */
	private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, (task) -> {
		Thread worker = new Thread(task, "signal-placer-worker");
		worker.setDaemon(true);
		return worker;
	});

	static final int WORKERS = 16;

	private volatile boolean running = true;

	private volatile Throwable died;

	SignalPlacer(String bootstrapServers, String signalTopic, String incidentTopic, SignalPlacement placement,
			SignalStore store) {
		this.signalTopic = signalTopic;
		this.incidentTopic = incidentTopic;
		this.placement = placement;
		this.store = store;
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
			this.consumer.subscribe(List.of(this.signalTopic, this.incidentTopic));
			while (this.running) {
				ConsumerRecords<String, byte[]> records = this.consumer.poll(Duration.ofMillis(500));
				if (!records.isEmpty()) {
					take(records);
				}
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
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	/**
	 * Takes a poll in: what incidents cover first, then the signals by component, the
	 * components in parallel and each one's signals in order. Offsets are committed once
	 * all is stored; on a failure the whole poll is taken again after a pause (what was
	 * done changes nothing the second time).
	 */
	private void take(ConsumerRecords<String, byte[]> records) throws InterruptedException {
		try {
			Map<String, List<Signal>> byComponent = new LinkedHashMap<>();
			boolean stored = false;
			for (TopicPartition partition : records.partitions()) {
				for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
					if (record.value() == null) {
						continue;
					}
					if (record.topic().equals(this.signalTopic)) {
						decode(record).ifPresent((signal) -> byComponent
							.computeIfAbsent(signal.component(), (component) -> new ArrayList<>())
							.add(signal));
					}
					else {
						stored |= cover(record);
					}
				}
			}
			List<Future<?>> placed = new ArrayList<>();
			for (List<Signal> signals : byComponent.values()) {
				placed.add(this.workers.submit(() -> this.placement.placeComponent(signals)));
			}
			for (Future<?> future : placed) {
				future.get();
			}
			Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
			for (TopicPartition partition : records.partitions()) {
				List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
				done.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
			}
			commit(done, stored || !byComponent.isEmpty());
		}
		catch (RuntimeException | ExecutionException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			log.warn("Could not place a poll of {} records: {}; taking it again in 1 s", records.count(),
					cause.toString());
			for (TopicPartition partition : records.partitions()) {
				this.consumer.seek(partition, records.records(partition).get(0).offset());
			}
			Thread.sleep(1_000);
		}
	}

	private java.util.Optional<Signal> decode(ConsumerRecord<String, byte[]> record) {
		try {
			return java.util.Optional.of(SignalCodec.decode(record.value()));
		}
		catch (RuntimeException ex) {
			// only this service writes the topic: a record it cannot read is a defect to
			// see, not a reason to stop placing every other signal
			log.error("Skipping an unreadable signal {} at {}-{}@{}: {}", record.key(), record.topic(),
					record.partition(), record.offset(), ex.toString());
			return java.util.Optional.empty();
		}
	}

	/**
	 * Commits the offsets of the records done, once what they wrote is durable. A poll
	 * that stored nothing (incident events that change no coverage: notes, updates, most
	 * of the traffic) needs no barrier, and its offsets are committed without waiting: if
	 * that commit is lost, those records are read again and change nothing again.
	 */
	private void commit(Map<TopicPartition, OffsetAndMetadata> done, boolean stored) {
		if (done.isEmpty()) {
			return;
		}
		if (stored) {
			this.store.barrier();
			this.consumer.commitSync(done);
		}
		else {
			this.consumer.commitAsync(done, null);
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
		this.workers.shutdownNow();
	}

}
