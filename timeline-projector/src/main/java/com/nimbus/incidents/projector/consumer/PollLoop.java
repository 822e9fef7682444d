package com.nimbus.incidents.projector.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nimbus.incidents.support.kafka.FreshPoll;
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
 * Offsets are committed only after the barrier, so a crash replays at most the last two
 * polls, which the handlers apply idempotently. A failed write, or any other
 * {@link RuntimeException}, is retried from the same offsets after a pause that grows to
 * 5 s; an {@link Error} leaves {@link #run} (see {@link ProjectorLoop}).
 * <p>
 * The barrier of a poll runs on a thread of its own while the loop fetches and writes the
 * next poll (ADR 32): the loop waits for it, and commits its offsets, after the next
 * poll's writes, before that poll's own barrier starts, and before partitions are
 * revoked. Barriers stay one at a time and in order, each comparing the store process
 * that answers it with the one that answered the barrier before
 * ({@link com.nimbus.incidents.support.store.DurabilityBarrier}), which had answered
 * before the later poll's first write. A barrier that fails rewinds both polls.
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

	/**
	 * How long a poll waits for records while a barrier is under way: short, so that an
	 * idle loop commits the last poll's offsets soon after its barrier.
	 */
	private static final Duration POLL_WHILE_PENDING = Duration.ofMillis(10);

	private static final Duration POLL = Duration.ofMillis(200);

	/** The barrier thread: one barrier at a time, in the order of the polls. */
	private final ExecutorService barriers = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "projector-barrier");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A poll applied whose barrier is under way, its offsets not yet committed; the loop
	 * thread's own.
	 */
	private Pending pending;

	/**
	 * @param batch the poll's records
	 * @param barrier ends with the barrier, giving the time it ended
	 * @param started when the poll's writes began
	 */
	private record Pending(Batch batch, Future<Long> barrier, long started) {
	}

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
					() -> settle(kafka, partitions), this::forgetAll, this.requests::checkSoon));
			while (this.running) {
				Batch batch = null;
				try {
					followRebuilds(kafka, partitions);
					List<ConsumerRecord<String, byte[]>> records = fresh
						.poll((this.pending != null) ? POLL_WHILE_PENDING : POLL);
					if (!records.isEmpty()) {
						// first: a failure from here on seeks back to the batch's records
						batch = Batch.of(records, this.properties.maxBatchBytes());
						this.lagMeter.fetched(records, System.currentTimeMillis());
						long started = System.nanoTime();
						this.beginPoll.run();
						apply(batch);
						seek(kafka, batch.leftOver());
						// the last poll's barrier ran meanwhile; its offsets now, then
						// this poll's barrier while the next poll is fetched and written
						settle(kafka, partitions);
						this.pending = new Pending(batch, this.barriers.submit(() -> {
							this.barrier.run();
							return System.nanoTime();
						}), started);
						fresh.turnDone();
					}
					else {
						settle(kafka, partitions);
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
		}
		finally {
			// a barrier under way ends before the loop does; its offsets are left to the
			// next owner's replay
			awaitQuietly(this.pending);
			this.pending = null;
			this.barriers.shutdown();
			this.consumer = null;
			this.lagMeter.clear();
		}
	}

	/**
	 * Waits for the barrier of the poll applied last, if any, and commits its offsets on
	 * the partitions still held; the poll stays pending (for {@link #rewind}) when either
	 * fails.
	 */
	private void settle(Consumer<String, byte[]> kafka, PartitionConsumer partitions) {
		Pending last = this.pending;
		if (last == null) {
			return;
		}
		long applied = await(last.barrier());
		Set<TopicPartition> held = kafka.assignment();
		Map<TopicPartition, Long> next = new HashMap<>(last.batch().next());
		next.keySet().retainAll(held);
		long committing = System.nanoTime();
		if (!next.isEmpty()) {
			this.coordinator.commit(partitions, next);
		}
		this.pending = null;
		this.lagMeter.polled(applied - last.started(), System.nanoTime() - committing);
		this.recordsApplied.addAndGet(last.batch().records().size());
	}

	private static long await(Future<Long> barrier) {
		try {
			return barrier.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WakeupException();
		}
	}

	private static void awaitQuietly(Pending pending) {
		if (pending == null) {
			return;
		}
		try {
			pending.barrier().get();
		}
		catch (ExecutionException | RuntimeException ex) {
			// rewound by the caller, or left to the replay
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void apply(Batch batch) {
		for (RecordsHandler handler : this.handlers) {
			List<ConsumerRecord<String, byte[]>> ofTopic = batch.ofTopic(handler.topic());
			if (!ofTopic.isEmpty()) {
				handler.handle(ofTopic);
			}
		}
	}

	/**
	 * When a check is due ({@link RebuildRequests#due}), has the coordinator replay every
	 * partition held that has not been replayed for the current generation.
	 */
	private void followRebuilds(Consumer<String, byte[]> kafka, PartitionConsumer partitions) {
		OptionalLong current = this.requests.due();
		if (current.isPresent()) {
			try {
				// a replay starts from committed offsets: the last poll's first
				settle(kafka, partitions);
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
	 * Back to the first records of a poll that was not applied, and of the poll before it
	 * when its barrier had not been settled, on the partitions still held; the handlers
	 * forget what they held, which may be ahead of the store.
	 */
	private void rewind(Consumer<String, byte[]> kafka, Batch batch) {
		Pending unsettled = this.pending;
		this.pending = null;
		// the barriers stay one at a time: the next one starts after this one ended
		awaitQuietly(unsettled);
		forgetAll();
		if (batch != null) {
			seek(kafka, batch.unapplied());
		}
		if (unsettled != null) {
			// earlier on every partition both hold
			seek(kafka, unsettled.batch().unapplied());
		}
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
