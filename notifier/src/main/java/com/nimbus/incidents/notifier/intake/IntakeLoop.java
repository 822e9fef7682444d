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
import com.nimbus.incidents.support.kafka.FreshPoll;
import org.apache.kafka.clients.consumer.Consumer;
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
 * {@link Intake} store the poll's deliveries, hand them to the engine, make the writes
 * durable, then commit the offsets. Offsets are committed only after the store write is
 * durable, so a crash replays at most the polls not committed, whose deliveries the
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
			kafka.subscribe(List.of(this.properties.topic()));
			FreshPoll<String, byte[]> fresh = new FreshPoll<>(kafka);
			while (this.running) {
				List<ConsumerRecord<String, byte[]>> records = null;
				try {
					records = fresh.poll(Duration.ofMillis(200));
					if (!records.isEmpty()) {
						this.delays.fetched(records, System.currentTimeMillis());
						List<PendingDelivery> deliveries = this.intake.handle(records);
						// sent at once: their lanes hold them already (durable with the
						// barrier); a crash before it reads the records again, and what
						// was sent then goes again with its Notification-Id (at least
						// once)
						this.engine.enqueue(deliveries);
						// the poll's writes durable before the offsets past them are
						this.intake.barrier();
						kafka.commitSync(next(records));
						this.delays.stored(deliveries, Instant.now());
						fresh.turnDone();
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
					this.intake.forget();
					fresh.turnFailed();
					rewind(kafka, records);
					log.warn("Intake failed, reading the same records again in {} ms: {}", pause, ex.toString());
					awaitStop(pause);
					pause = Math.min(pause * 2, 5000);
				}
			}
		}
		catch (RuntimeException | Error ex) {
			this.failure = ex;
			log.error("Intake stopped", ex);
			throw ex;
		}
		finally {
			this.consumer = null;
		}
	}

	private static Map<TopicPartition, OffsetAndMetadata> next(List<ConsumerRecord<String, byte[]>> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			offsets.put(partition(record), new OffsetAndMetadata(record.offset() + 1));
		}
		return offsets;
	}

	private static void rewind(Consumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> records) {
		if (records == null) {
			return;
		}
		Map<TopicPartition, Long> first = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			first.putIfAbsent(partition(record), record.offset());
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
