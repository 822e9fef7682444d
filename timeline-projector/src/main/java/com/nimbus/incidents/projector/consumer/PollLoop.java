package com.nimbus.incidents.projector.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nimbus.incidents.support.kafka.BarrierQueue;
import com.nimbus.incidents.support.kafka.FreshPoll;
import com.nimbus.incidents.support.kafka.SettledOffsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The poll/commit loop: poll, hand each topic's records to its handler (one bulk write
 * per read model), make those writes durable (the barrier), then commit their offsets.
 * Offsets are committed only after the barrier, at most every {@link #COMMIT_EVERY} while
 * records flow, so a crash replays at most the polls of that interval and
 * {@link BarrierQueue#MAX_PENDING} + 1 more, which the handlers apply idempotently. A
 * failed write, or any other {@link RuntimeException}, is retried from the same offsets
 * after a pause that grows to 5 s; an {@link Error} leaves {@link #run} (see
 * {@link ProjectorLoop}).
 * <p>
 * A poll's barrier runs on a thread of its own, after the writes the handlers left for
 * later (the incident list), while the loop fetches and writes the next polls (ADRs 32
 * and 33): the loop goes on as soon as what readers of an incident wait for is written,
 * and waits for a barrier only when more than {@link BarrierQueue#MAX_PENDING} polls wait
 * for theirs (a barrier waits for the store's group commit, which under load took longer
 * than a poll's writes). It takes the offsets of the polls whose barriers have ended,
 * oldest first, after each poll and each empty poll, and commits them once the last
 * commit is {@link #COMMIT_EVERY} old (ADR 35), and at once before partitions are
 * revoked, before a rebuild check, after a barrier failed, at a clean stop and while a
 * partition's committed offset says its replay goes on. Barriers stay one at a time and
 * in order, each comparing the store process that answers it with the one that answered
 * the barrier before ({@link com.nimbus.incidents.support.store.DurabilityBarrier}); the
 * oldest of that chain had answered before the first write of every poll still waiting. A
 * barrier (or a poll's rest) that fails rewinds every poll not committed; the ones queued
 * behind it do nothing.
 * <p>
 * A poll is capped in bytes as well as in records ({@link ConsumerProperties}: 1 MiB per
 * partition and 8 MiB per fetch from Kafka, at most 16 MiB of keys and values applied at
 * once, the rest of the poll left for the next one by {@link Batch}). Between polls, at
 * most once a second, the loop lets the {@link RebuildCoordinator} catch up with the
 * rebuild generation.
 */
final class PollLoop implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

	private final ConsumerProperties properties;

	private final List<RecordsHandler> handlers;

	private final RebuildRequests requests;

	private final RebuildCoordinator coordinator;

	private final LagMeter lagMeter;

	private final Function<Map<String, Object>, Consumer<String, byte[]>> consumers;

	private final String clientId;

	private final AtomicLong recordsApplied = new AtomicLong();

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running = true;

	private volatile Consumer<String, byte[]> consumer;

	private volatile String lastError;

	private static final Duration POLL = Duration.ofMillis(200);

	/**
	 * How often, at most, the offsets of polls whose barriers have ended are committed
	 * while records flow (ADR 35).
	 */
	static final Duration COMMIT_EVERY = Duration.ofMillis(250);

	/** The offsets of the polls settled and not committed yet; the loop thread's own. */
	private final SettledOffsets settledOffsets = new SettledOffsets(COMMIT_EVERY);

	/**
	 * The polls applied whose rest and barrier are under way, on the barrier thread; the
	 * loop thread's own.
	 */
	private final BarrierQueue pending = new BarrierQueue("projector-barrier");

	PollLoop(ConsumerProperties properties, List<RecordsHandler> handlers, RebuildRequests requests,
			RebuildCoordinator coordinator, LagMeter lagMeter, Runnable beginPoll, Runnable barrier,
			Function<Map<String, Object>, Consumer<String, byte[]>> consumers) {
		this.beginPoll = beginPoll;
		this.barrier = barrier;
		this.properties = properties;
		this.handlers = handlers;
		this.requests = requests;
		this.coordinator = coordinator;
		this.lagMeter = lagMeter;
		this.consumers = consumers;
		this.clientId = "timeline-projector-" + ProcessHandle.current().pid() + "-"
				+ HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
	}

	private final Runnable beginPoll;

	private final Runnable barrier;

	AtomicLong recordsApplied() {
		return this.recordsApplied;
	}

	/**
	 * Why the last poll failed; null once a poll has gone through.
	 */
	String lastError() {
		return this.lastError;
	}

	/**
	 * Ends the loop after the poll under way, from any thread.
	 */
	void stop() {
		this.running = false;
		this.stopping.countDown();
		Consumer<String, byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
	}

	@Override
	public void run() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(5000);
		BackOffExecution retry = null;
		try (Consumer<String, byte[]> kafka = this.consumers.apply(this.properties.consumerConfig(this.clientId))) {
			this.consumer = kafka;
			PartitionConsumer partitions = PartitionConsumer.of(kafka);
			FreshPoll<String, byte[]> fresh = new FreshPoll<>(kafka);
			kafka.subscribe(this.handlers.stream().map(RecordsHandler::topic).toList(), new Rebalances(this.coordinator,
					() -> settle(kafka, partitions, 0, true), this::partitionsMoved, this.requests::checkSoon));
			while (this.running) {
				Batch batch = null;
				try {
					followRebuilds(kafka, partitions);
					List<ConsumerRecord<String, byte[]>> records = fresh.poll(this.pending.pollTimeout(POLL));
					if (!records.isEmpty()) {
						// first: a failure from here on seeks back to the batch's records
						batch = Batch.of(records, this.properties.maxBatchBytes());
						this.lagMeter.fetched(records, System.currentTimeMillis());
						long started = System.nanoTime();
						this.beginPoll.run();
						List<Runnable> rest = apply(batch);
						seek(kafka, batch.leftOver());
						// this poll's rest and barrier after those of the polls before,
						// while the loop fetches and writes the next polls
						this.pending.submit(batch.unapplied(), batch.next(), batch.records().size(), started, () -> {
							rest.forEach(Runnable::run);
							this.barrier.run();
						});
						settle(kafka, partitions, BarrierQueue.MAX_PENDING, false);
						fresh.turnDone();
					}
					else {
						// an idle loop commits the polls whose barriers have ended (once
						// the last commit is old enough), and polls on (shortly) for the
						// others
						settle(kafka, partitions, BarrierQueue.MAX_PENDING, false);
					}
					Set<TopicPartition> held = kafka.assignment();
					this.coordinator.progress(partitions, held, this.lagMeter.measure(kafka, held));
					retry = null;
					this.lastError = null;
				}
				catch (WakeupException ex) {
					// stop requested; the loop condition decides
					rewind(kafka, batch);
				}
				catch (RuntimeException ex) {
					if (!this.running) {
						break;
					}
					rewind(kafka, batch);
					fresh.turnFailed();
					this.lastError = ex.toString();
					retry = (retry != null) ? retry : backOff.start();
					long pause = retry.nextBackOff();
					log.warn("Projection failed, retrying the same records in {} ms: {}", pause, ex.toString());
					awaitStop(pause);
				}
			}
			commitOnStop(kafka, partitions);
		}
		finally {
			// the barriers under way end before the loop does; their offsets are left to
			// the next owner's replay
			this.pending.close();
			this.consumer = null;
			this.lagMeter.clear();
		}
	}

	/**
	 * Takes the polls whose barriers have ended, oldest first, after waiting for the
	 * oldest while more than {@code keep} are pending, and commits their offsets on the
	 * partitions still held when {@code now} or when the last commit is
	 * {@link #COMMIT_EVERY} old; a barrier that failed is thrown after the polls before
	 * it are taken ({@link BarrierQueue#settle}).
	 */
	private void settle(Consumer<String, byte[]> kafka, PartitionConsumer partitions, int keep, boolean now) {
		this.settledOffsets.settle(this.pending, keep, now || this.coordinator.replayCommitted(), (settled) -> {
			for (BarrierQueue.Settled poll : settled) {
				this.lagMeter.applied(poll.ended() - poll.started());
				this.recordsApplied.addAndGet(poll.records());
			}
		}, kafka::assignment, (next) -> commit(partitions, next));
	}

	/**
	 * A loop that stops commits what its barriers made durable, so that the next owner
	 * does not read it again; when it cannot, the next owner replays it.
	 */
	private void commitOnStop(Consumer<String, byte[]> kafka, PartitionConsumer partitions) {
		try {
			this.settledOffsets.commit(kafka.assignment(), (next) -> commit(partitions, next));
		}
		catch (RuntimeException ex) {
			log.info("Offsets not committed at stop, left to the next owner's replay: {}", ex.toString());
		}
	}

	private void commit(PartitionConsumer partitions, Map<TopicPartition, Long> next) {
		long committing = System.nanoTime();
		this.coordinator.commit(partitions, next);
		this.lagMeter.committed(System.nanoTime() - committing);
	}

	/**
	 * Hands each topic's records to its handler.
	 * @return the writes the handlers left for later, in the handlers' order
	 */
	private List<Runnable> apply(Batch batch) {
		List<Runnable> rest = new java.util.ArrayList<>(this.handlers.size());
		for (RecordsHandler handler : this.handlers) {
			List<ConsumerRecord<String, byte[]>> ofTopic = batch.ofTopic(handler.topic());
			if (!ofTopic.isEmpty()) {
				rest.add(handler.handleDeferring(ofTopic));
			}
		}
		return rest;
	}

	/**
	 * When a check is due ({@link RebuildRequests#due}), has the coordinator replay every
	 * partition held that has not been replayed for the current generation.
	 */
	private void followRebuilds(Consumer<String, byte[]> kafka, PartitionConsumer partitions) {
		OptionalLong current = this.requests.due();
		if (current.isPresent()) {
			try {
				// a replay starts from committed offsets: every poll's first
				settle(kafka, partitions, 0, true);
				this.coordinator.follow(partitions, current.getAsLong());
			}
			catch (RuntimeException ex) {
				this.requests.checkSoon();
				throw ex;
			}
		}
	}

	void forgetAll() {
		this.handlers.forEach(RecordsHandler::forget);
	}

	/**
	 * Partitions changed hands: the handlers forget what they held, and the offsets not
	 * committed (those of the partitions revoked were committed first, when they could
	 * be) are left to be read again from the committed ones.
	 */
	private void partitionsMoved() {
		forgetAll();
		this.settledOffsets.clear();
	}

	/**
	 * Back to the first records of a poll that was not applied, and of the polls before
	 * it whose barriers had not been settled, on the partitions still held; the handlers
	 * forget what they held, which may be ahead of the store.
	 */
	private void rewind(Consumer<String, byte[]> kafka, Batch batch) {
		// the barriers stay one at a time: the next one starts after these ended
		Map<TopicPartition, Long> earliest = this.pending.rewind();
		forgetAll();
		if (batch != null) {
			batch.unapplied().forEach((partition, offset) -> earliest.merge(partition, offset, Math::min));
		}
		seek(kafka, earliest);
	}

	private static void seek(Consumer<String, byte[]> kafka, Map<TopicPartition, Long> offsets) {
		Set<TopicPartition> held = kafka.assignment();
		offsets.forEach((partition, offset) -> {
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

}
