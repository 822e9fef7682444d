package com.nimbus.incidents.notifier.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.notifier.delivery.DeliveryEngine;
import com.nimbus.incidents.notifier.delivery.PendingDelivery;
import com.nimbus.incidents.support.kafka.BarrierQueue;
import com.nimbus.incidents.support.kafka.FreshPoll;
import com.nimbus.incidents.support.kafka.SettledOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The poll/commit loop of the {@code notifier} consumer group: poll, have the
 * {@link Intake} find the poll's deliveries, hand them to the engine, write them and make
 * the writes durable, then commit the offsets. The writes and the barrier that makes them
 * durable run on a thread of its own while the next polls are taken in
 * ({@link BarrierQueue}, ADR 33 and 34). Offsets are committed only after the store write
 * is durable, so a crash replays at most the polls not committed, whose deliveries the
 * intake recognises (a delivery sent before the crash is sent again, with the same
 * {@code Notification-Id}). A failed poll is retried from the same offsets after a pause
 * growing to 5 s.
 */
class IntakeLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IntakeLoop.class);

	private final KafkaProperties properties;

	private final Intake intake;

	private final DeliveryEngine engine;

	private final IntakeDelays delays;

	private final CountDownLatch stopping = new CountDownLatch(1);

	private static final Duration POLL = Duration.ofMillis(200);

	/**
	 * How often, at most, the offsets of polls whose barriers have ended are committed
	 * while records flow (ADR 35).
	 */
	static final Duration COMMIT_EVERY = Duration.ofMillis(250);

	/** The offsets of the polls settled and not committed yet; the loop thread's own. */
	private final SettledOffsets settledOffsets = new SettledOffsets(COMMIT_EVERY);

	/**
	 * How many records the polls joined in one turn of the barrier thread may hold (ADR
	 * 34): a turn writes every poll handed on before it began, so the polls taken in
	 * while one turn runs join the one queued after it, up to this; a crash replays at
	 * most these and the polls of the turn under way.
	 */
	static final int JOINED = 5_000;

	/**
	 * The polls whose deliveries are sent, waiting for their writes and barriers (ADR 33,
	 * 34); the polling thread's own.
	 */
	private final BarrierQueue pending = new BarrierQueue("notifier-barrier");

	private volatile boolean running;

	private volatile Consumer<String, byte[]> consumer;

	private volatile Thread thread;

	private volatile Throwable failure;

	private volatile String lastError;

	IntakeLoop(KafkaProperties properties, Intake intake, DeliveryEngine engine, IntakeDelays delays) {
		this.properties = properties;
		this.intake = intake;
		this.engine = engine;
		this.delays = delays;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::run, "notifier-intake");
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopping.countDown();
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		try {
			if (this.thread != null) {
				this.thread.join(TimeUnit.SECONDS.toMillis(15));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Whether the polling thread lives (false before start and after stop). */
	boolean alive() {
		Thread current = this.thread;
		return current != null && current.isAlive();
	}

	/** What ended the thread, or null. */
	Throwable failure() {
		return this.failure;
	}

	/** Why the last poll failed; null once a poll has gone through. */
	String lastError() {
		return this.lastError;
	}

	@Override
	public int getPhase() {
		return DeliveryEngine.PHASE + 100;
	}

	private void run() {
		long pause = 200;
		String clientId = "notifier-" + ProcessHandle.current().pid() + "-"
				+ UUID.randomUUID().toString().substring(0, 4);
		try (Consumer<String, byte[]> kafka = new KafkaConsumer<>(this.properties.consumerConfig(clientId))) {
			this.consumer = kafka;
			kafka.subscribe(List.of(this.properties.topic()), new ConsumerRebalanceListener() {
				@Override
				public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
					// the polls waiting for their barriers are committed before their
					// partitions go to another instance, which would send them again
					settle(kafka, 0, true);
				}

				@Override
				public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
					// a partition is read from its committed offset: what was settled and
					// not committed before is read again
					IntakeLoop.this.settledOffsets.clear();
				}
			});
			FreshPoll<String, byte[]> fresh = new FreshPoll<>(kafka);
			while (this.running) {
				List<ConsumerRecord<String, byte[]>> records = null;
				try {
					records = fresh.poll(this.pending.pollTimeout(POLL));
					if (!records.isEmpty()) {
						this.delays.fetched(records, System.currentTimeMillis());
						long started = System.nanoTime();
						List<PendingDelivery> deliveries = this.intake.handle(records);
						// sent at once, before their lanes are written (ADR 34): a crash
						// before the barrier reads the records again, and what was sent
						// then goes again with its Notification-Id (at least once)
						this.engine.enqueue(deliveries);
						// the poll's writes, then the barrier that makes them durable
						// before the offsets past them are committed, while the next
						// polls are taken in; a poll joins the one queued, if its turn
						// has not begun (that turn writes both)
						if (!this.pending.join(records, JOINED)) {
							this.pending.submit(records, started,
									() -> this.delays.stored(this.intake.barrier(), Instant.now()));
						}
						settle(kafka, BarrierQueue.MAX_PENDING, false);
						fresh.turnDone();
					}
					else {
						settle(kafka, BarrierQueue.MAX_PENDING, false);
					}
					pause = 200;
					this.lastError = null;
				}
				catch (WakeupException ex) {
					// stop requested: what was not committed is read again after the
					// restart
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						break;
					}
					this.lastError = ex.toString();
					fresh.turnFailed();
					rewind(kafka, records);
					log.warn("Intake failed, reading the same records again in {} ms: {}", pause, ex.toString());
					awaitStop(pause);
					pause = Math.min(pause * 2, 5000);
				}
			}
			commitOnStop(kafka);
		}
		catch (RuntimeException | Error ex) {
			this.failure = ex;
			log.error("Intake stopped", ex);
			throw ex;
		}
		finally {
			// the barriers under way end before the loop does; their offsets are left to
			// the replay
			this.pending.close();
			this.consumer = null;
		}
	}

	/**
	 * Takes the offsets of the polls whose barriers have ended, oldest first, after
	 * waiting for the oldest while more than {@code keep} wait, and commits them when the
	 * last commit is {@link #COMMIT_EVERY} old (ADR 35), or now, before partitions are
	 * revoked (then the commit is waited for, otherwise not); a barrier that failed is
	 * thrown after the polls before it are committed.
	 */
	private void settle(Consumer<String, byte[]> kafka, int keep, boolean beforeRevoke) {
		this.settledOffsets.settle(this.pending, keep, beforeRevoke, (settled) -> {
		}, kafka::assignment, (next) -> commit(kafka, next, beforeRevoke));
	}

	/**
	 * A loop that stops commits what its barriers made durable, so that the next owner
	 * does not send it again; when it cannot, the next owner does (at least once).
	 */
	private void commitOnStop(Consumer<String, byte[]> kafka) {
		try {
			this.settledOffsets.commit(kafka.assignment(), (next) -> commit(kafka, next, true));
		}
		catch (RuntimeException ex) {
			log.info("Offsets not committed at stop, left to the next owner: {}", ex.toString());
		}
	}

	private static void commit(Consumer<String, byte[]> kafka, Map<TopicPartition, Long> next, boolean waited) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
		if (waited) {
			kafka.commitSync(offsets);
		}
		else {
			// the loop does not wait for the broker (ADR 34): commits are sent in order,
			// and one that fails is covered by the next (or the records are read again:
			// at least once)
			kafka.commitAsync(offsets, (committed, failure) -> {
				if (failure != null) {
					log.debug("Committing offsets failed, the next commit covers them: {}", failure.toString());
				}
			});
		}
	}

	/**
	 * Back to the first records of the poll that failed and of every poll whose barrier
	 * had not been settled, once their barriers have ended; what is held in memory, which
	 * may be ahead of the store, is forgotten.
	 */
	private void rewind(Consumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, Long> first = this.pending.rewind();
		this.intake.forget();
		if (records != null) {
			for (ConsumerRecord<String, byte[]> record : records) {
				first.merge(partition(record), record.offset(), Math::min);
			}
		}
		first.forEach((partition, offset) -> {
			if (kafka.assignment().contains(partition)) {
				kafka.seek(partition, offset);
			}
		});
	}

	private static TopicPartition partition(ConsumerRecord<?, ?> record) {
		return new TopicPartition(record.topic(), record.partition());
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
