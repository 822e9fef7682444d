package com.nimbus.incidents.projector.consumer;

import java.time.Duration;
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
 * per read model), then commit their offsets. Offsets are committed only after the write,
 * so a crash replays at most the last poll, which the handler applies idempotently. A
 * failed write, or any other {@link RuntimeException}, is retried from the same offsets
 * after a pause that grows to 5 s; an {@link Error} leaves {@link #run} (see
 * {@link ProjectorLoop}).
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
			kafka.subscribe(this.handlers.stream().map(RecordsHandler::topic).toList(),
					new Rebalances(this.coordinator, this::forgetAll, this.requests::checkSoon));
			while (this.running) {
				Batch batch = null;
				try {
					followRebuilds(partitions);
					List<ConsumerRecord<String, byte[]>> records = fresh.poll(Duration.ofMillis(200));
					if (!records.isEmpty()) {
						// first: a failure from here on seeks back to the batch's records
						batch = Batch.of(records, this.properties.maxBatchBytes());
						this.lagMeter.fetched(records, System.currentTimeMillis());
						long started = System.nanoTime();
						this.beginPoll.run();
						apply(batch);
						// the poll's writes durable before the offsets past them are
						this.barrier.run();
						long applied = System.nanoTime();
						this.coordinator.commit(partitions, batch.next());
						this.lagMeter.polled(applied - started, System.nanoTime() - applied);
						this.recordsApplied.addAndGet(batch.records().size());
						seek(kafka, batch.leftOver());
						fresh.turnDone();
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
			this.consumer = null;
			this.lagMeter.clear();
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
	private void followRebuilds(PartitionConsumer partitions) {
		OptionalLong current = this.requests.due();
		if (current.isPresent()) {
			try {
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
	 * Back to the first records of a poll that was not applied, on the partitions still
	 * held; the handlers forget what they held, which may be ahead of the store.
	 */
	private void rewind(Consumer<String, byte[]> kafka, Batch batch) {
		forgetAll();
		if (batch != null) {
			seek(kafka, batch.unapplied());
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
