package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
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
 * <p>
 * A rebuild is carried out by every instance of the group. The instance asked for it
 * drops the read models and advances the rebuild generation ({@link RebuildControl});
 * each instance looks at the generation at most once a second between polls and replays
 * from the beginning every partition it holds that has not been replayed for the current
 * generation. Which generation a partition was replayed for travels in the metadata of
 * its committed offset, together with where its replay ends while it is under way; so a
 * partition handed to another instance, or taken up again after a crash, is replayed
 * when, and only when, it has not been for the current generation, and its new holder
 * knows whether the replay is still going.
 */
@Component
public class ProjectorLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProjectorLoop.class);

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private final ConsumerProperties properties;

	private final List<RecordsHandler> handlers;

	private final RebuildControl control;

	private final Clock clock;

	private final MeterRegistry meters;

	private final String clientId;

	private final AtomicLong recordsApplied = new AtomicLong();

	private final AtomicBoolean checkNow = new AtomicBoolean(true);

	private final CountDownLatch stopping = new CountDownLatch(1);

	private final Map<TopicPartition, AtomicLong> lagGauges = new ConcurrentHashMap<>();

	/**
	 * Per partition held, what its committed offset says about rebuilds; the loop
	 * thread's own.
	 */
	private final Map<TopicPartition, Replay> replays = new HashMap<>();

	private volatile boolean running;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private volatile List<String> partitions = List.of();

	private volatile Map<String, Long> lag = Map.of();

	private volatile long generation = -1;

	private volatile long requestedGeneration = -1;

	private volatile boolean rebalancing = true;

	private volatile Instant rebuildStartedAt;

	private volatile Instant rebuildCompletedAt;

	private volatile String lastError;

	private long lastCheck;

	private Thread worker;

	public ProjectorLoop(ConsumerProperties properties, List<RecordsHandler> handlers, RebuildControl control,
			Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.handlers = List.copyOf(handlers);
		this.control = control;
		this.clock = clock;
		this.meters = meters;
		this.clientId = "timeline-projector-" + ProcessHandle.current().pid() + "-"
				+ HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
		FunctionCounter.builder("projector.records.applied", this.recordsApplied, AtomicLong::get)
			.description("Records projected into the read models")
			.register(meters);
		Gauge.builder("projector.rebuild.generation", this, (loop) -> loop.generation)
			.description("The rebuild generation this instance has carried out")
			.register(meters);
	}

	/**
	 * The state of this instance of the projector, for the management endpoint.
	 *
	 * @param partitions the partitions this instance holds, as {@code topic-partition}
	 * @param lag records behind the end, per partition held, where known
	 * @param rebuildGeneration the rebuild generation this instance has seen and carried
	 * out on the partitions it holds
	 * @param rebuilding whether a rebuild asked of this instance has not reached its loop
	 * yet, or this instance is replaying partitions for a rebuild
	 * @param rebuildStartedAt when this instance began replaying for the latest rebuild
	 * @param rebuildCompletedAt when every partition this instance holds had been
	 * replayed up to where the log ended when its replay began
	 */
	public record Status(boolean running, long recordsApplied, List<String> partitions, Map<String, Long> lag,
			long rebuildGeneration, boolean rebuilding, Instant rebuildStartedAt, Instant rebuildCompletedAt,
			String lastError) {

	}

	public Status status() {
		return new Status(this.running, this.recordsApplied.get(), this.partitions, this.lag,
				Math.max(this.generation, 0), isRebuilding(), this.rebuildStartedAt, this.rebuildCompletedAt,
				this.lastError);
	}

	private boolean isRebuilding() {
		return this.requestedGeneration > this.generation
				|| (this.rebuildStartedAt != null && this.rebuildCompletedAt == null);
	}

	/**
	 * Rebuilds every read model, on every instance of the group: records the request,
	 * drops the read models and advances the rebuild generation, which each instance's
	 * loop, this one too, carries out by replaying its partitions from the beginning.
	 * Should this instance die before the generation is advanced, another one finishes
	 * the request once its {@link RebuildControl#LEASE} has run out.
	 * @return the rebuild generation that carries out this request
	 */
	public long requestRebuild() {
		this.rebuildStartedAt = null;
		this.rebuildCompletedAt = null;
		this.requestedGeneration = Long.MAX_VALUE;
		long requested = -1;
		try {
			String request = UUID.randomUUID().toString();
			Instant heartbeat = now();
			this.control.open(request, heartbeat);
			requested = dropAndAdvance(request, heartbeat);
			return requested;
		}
		finally {
			this.requestedGeneration = requested;
			this.checkNow.set(true);
		}
	}

	/**
	 * Drops every read model, renewing the request's heartbeat before each drop, then
	 * advances the generation. A drop is always followed by an advance, even when another
	 * instance has taken the request over in the meantime: whatever was replayed before
	 * this drop is then replayed again.
	 */
	private long dropAndAdvance(String request, Instant heartbeat) {
		Instant last = heartbeat;
		boolean dropped = false;
		for (RecordsHandler handler : this.handlers) {
			Instant next = after(last);
			if (!this.control.renew(request, last, next)) {
				log.warn("Rebuild request {} was taken over by another instance", request);
				return dropped ? this.control.advance(request) : this.control.read().generation();
			}
			last = next;
			dropped = true;
			handler.reset();
		}
		long advanced = this.control.advance(request);
		log.info("Read models dropped; every instance now replays its partitions for rebuild generation {}", advanced);
		return advanced;
	}

	/**
	 * Finishes the requests whose heartbeat has not moved for a lease: their instance
	 * died between recording the request and advancing the generation.
	 */
	private boolean finishAbandoned(RebuildControl.State state) {
		boolean finished = false;
		Instant now = now();
		for (Map.Entry<String, Instant> request : state.pending().entrySet()) {
			Instant heartbeat = request.getValue();
			if (heartbeat.plus(RebuildControl.LEASE).isBefore(now)) {
				Instant taken = after(heartbeat);
				if (this.control.renew(request.getKey(), heartbeat, taken)) {
					log.warn("Finishing rebuild request {}, left unfinished since {}", request.getKey(), heartbeat);
					dropAndAdvance(request.getKey(), taken);
					finished = true;
				}
			}
		}
		return finished;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private Instant after(Instant last) {
		Instant now = now();
		return now.isAfter(last) ? now : last.plusMillis(1);
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
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, this.clientId);
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
							forgetAll();
							ProjectorLoop.this.rebalancing = true;
							ProjectorLoop.this.replays.keySet().removeAll(partitions);
						}

						@Override
						public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
							log.info("Partitions assigned: {}", partitions);
							forgetAll();
							ProjectorLoop.this.rebalancing = false;
							ProjectorLoop.this.checkNow.set(true);
						}
					});
			while (this.running) {
				Map<TopicPartition, Long> firstOffsets = new HashMap<>();
				try {
					followRebuilds(kafka);
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
						commit(kafka, records);
						this.recordsApplied.addAndGet(batch.size());
					}
					updateProgress(kafka);
					retry = null;
					this.lastError = null;
				}
				catch (WakeupException ex) {
					// stop requested; the loop condition decides
					rewind(kafka, firstOffsets);
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						break;
					}
					rewind(kafka, firstOffsets);
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
			this.partitions = List.of();
		}
	}

	/**
	 * At most once a second, or at once after a request here or a rebalance: finishes
	 * abandoned requests, then replays from the beginning every partition held that has
	 * not been replayed for the current generation.
	 */
	private void followRebuilds(KafkaConsumer<String, byte[]> kafka) {
		long now = System.nanoTime();
		if (!this.checkNow.getAndSet(false) && now - this.lastCheck < CHECK_INTERVAL.toNanos()) {
			return;
		}
		this.lastCheck = now;
		try {
			RebuildControl.State state = this.control.read();
			if (finishAbandoned(state)) {
				state = this.control.read();
			}
			long current = state.generation();
			if (this.generation >= 0 && current > this.generation) {
				startRebuild();
				log.info("Rebuild generation {}: replaying the partitions this instance holds", current);
			}
			this.generation = Math.max(this.generation, current);
			Set<TopicPartition> held = kafka.assignment();
			knowReplays(kafka, held);
			List<TopicPartition> behind = held.stream()
				.filter((partition) -> this.replays.get(partition).generation() < current)
				.sorted(Comparator.comparing(TopicPartition::toString))
				.toList();
			if (!behind.isEmpty()) {
				replayFromTheBeginning(kafka, behind, current);
			}
		}
		catch (RuntimeException ex) {
			this.checkNow.set(true);
			throw ex;
		}
	}

	private void replayFromTheBeginning(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> behind,
			long generation) {
		Map<TopicPartition, Long> beginning = kafka.beginningOffsets(behind);
		Map<TopicPartition, Long> end = kafka.endOffsets(behind);
		Map<TopicPartition, Replay> started = new HashMap<>();
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : behind) {
			long from = beginning.get(partition);
			long until = end.get(partition);
			Replay replay = new Replay(generation, (until > from) ? until : -1);
			started.put(partition, replay);
			offsets.put(partition, new OffsetAndMetadata(from, replay.metadata(from)));
		}
		// Commit first: from here on a crash or a rebalance hands each partition on at
		// its
		// beginning, marked with this generation; before, it is still marked with an
		// older
		// one, and whoever holds it next replays it.
		kafka.commitSync(offsets);
		beginning.forEach(kafka::seek);
		forgetAll();
		this.replays.putAll(started);
		if (this.rebuildStartedAt == null || this.rebuildCompletedAt != null) {
			startRebuild();
		}
		log.info("Replaying {} from the beginning for rebuild generation {}", behind, generation);
	}

	private void startRebuild() {
		this.rebuildCompletedAt = null;
		this.rebuildStartedAt = this.clock.instant();
	}

	/**
	 * Reads, from their committed offsets, the rebuild state of partitions this instance
	 * has just been given.
	 */
	private void knowReplays(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
		Set<TopicPartition> unknown = new HashSet<>(partitions);
		unknown.removeAll(this.replays.keySet());
		if (unknown.isEmpty()) {
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(unknown);
		List<TopicPartition> replaying = new ArrayList<>();
		for (TopicPartition partition : unknown) {
			Replay replay = Replay.of(committed.get(partition));
			this.replays.put(partition, replay);
			if (replay.replaying()) {
				replaying.add(partition);
			}
		}
		if (!replaying.isEmpty()) {
			if (this.rebuildStartedAt == null || this.rebuildCompletedAt != null) {
				startRebuild();
			}
			log.info("Taking over the replay of {}", replaying);
		}
	}

	private void commit(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
		knowReplays(kafka, records.partitions());
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		Map<TopicPartition, Replay> progressed = new HashMap<>();
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(partition);
			long next = partitionRecords.get(partitionRecords.size() - 1).offset() + 1;
			Replay replay = this.replays.get(partition).at(next);
			progressed.put(partition, replay);
			offsets.put(partition, new OffsetAndMetadata(next, replay.metadata(next)));
		}
		kafka.commitSync(offsets);
		this.replays.putAll(progressed);
	}

	private void updateProgress(KafkaConsumer<String, byte[]> kafka) {
		Set<TopicPartition> held = kafka.assignment();
		Map<String, Long> current = new TreeMap<>();
		boolean replaying = false;
		for (TopicPartition partition : held) {
			OptionalLong partitionLag = kafka.currentLag(partition);
			Replay replay = this.replays.get(partition);
			if (partitionLag.isPresent()) {
				current.put(partition.toString(), partitionLag.getAsLong());
				this.lagGauges.computeIfAbsent(partition, (tp) -> {
					AtomicLong value = new AtomicLong();
					Gauge.builder("projector.lag", value, AtomicLong::get)
						.description("Records behind the end of the partition")
						.tag("topic", tp.topic())
						.tag("partition", String.valueOf(tp.partition()))
						.register(this.meters);
					return value;
				}).set(partitionLag.getAsLong());
				if (replay != null && replay.replaying() && kafka.position(partition) >= replay.until()) {
					replay = replay.at(kafka.position(partition));
					this.replays.put(partition, replay);
				}
			}
			replaying |= (replay == null) || replay.replaying();
		}
		this.lag = Collections.unmodifiableMap(current);
		this.partitions = held.stream().map(TopicPartition::toString).sorted().toList();
		if (this.rebuildStartedAt != null && this.rebuildCompletedAt == null && !this.rebalancing && !replaying) {
			this.rebuildCompletedAt = this.clock.instant();
			log.info("Rebuild generation {} complete on this instance in {}", this.generation,
					Duration.between(this.rebuildStartedAt, this.rebuildCompletedAt));
		}
	}

	private void forgetAll() {
		this.handlers.forEach(RecordsHandler::forget);
	}

	/**
	 * Back to the first records of a poll that was not applied, on the partitions still
	 * held; the handlers forget what they held, which may be ahead of the store.
	 */
	private void rewind(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> firstOffsets) {
		forgetAll();
		Set<TopicPartition> held = kafka.assignment();
		firstOffsets.forEach((partition, offset) -> {
			if (held.contains(partition)) {
				kafka.seek(partition, offset);
			}
		});
	}

	private void awaitStop(long millis) {
		try {
			this.stopping.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What a partition's committed offset says about rebuilds: the generation it was
	 * replayed for, and while that replay goes on, the offset where it ends (-1 once
	 * reached).
	 */
	record Replay(long generation, long until) {

		private static final String GENERATION = "rebuild-generation=";

		private static final String UNTIL = ";replay-until=";

		boolean replaying() {
			return this.until >= 0;
		}

		Replay at(long next) {
			return (replaying() && next >= this.until) ? new Replay(this.generation, -1) : this;
		}

		String metadata(long next) {
			return GENERATION + this.generation + ((this.until > next) ? UNTIL + this.until : "");
		}

		/**
		 * An offset committed without this metadata (none yet, or by an older version)
		 * counts as generation 0, before any rebuild.
		 */
		static Replay of(OffsetAndMetadata committed) {
			String metadata = (committed != null) ? committed.metadata() : null;
			if (metadata == null || !metadata.startsWith(GENERATION)) {
				return new Replay(0, -1);
			}
			try {
				int untilAt = metadata.indexOf(UNTIL);
				long generation = Long
					.parseLong(metadata.substring(GENERATION.length(), (untilAt >= 0) ? untilAt : metadata.length()));
				long until = (untilAt >= 0) ? Long.parseLong(metadata.substring(untilAt + UNTIL.length())) : -1;
				return new Replay(generation, (until > committed.offset()) ? until : -1);
			}
			catch (NumberFormatException ex) {
				return new Replay(0, -1);
			}
		}

	}

}
