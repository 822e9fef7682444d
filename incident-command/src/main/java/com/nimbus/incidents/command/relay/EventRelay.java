package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Delivers every event appended to the event store to Kafka: incident events to
 * {@code incident-events} keyed by incident id, contract events to
 * {@code contract-events} keyed by customer id, each in per-aggregate order.
 * <p>
 * The event store is the commit point. The relay gets each appended batch in memory right
 * after the append and sends it on one thread, in append order, through an idempotent
 * producer that never gives up on a record (so a broker outage only delays delivery and
 * never reorders it). A batch's {@link PendingLedger} entry is removed only once Kafka
 * has acknowledged all of its events; entries left by a crash are delivered again, from
 * the store, before this service takes commands. Delivery is therefore at least once, and
 * consumers make it exactly-once in effect by skipping sequences they have applied.
 */
public class EventRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

	private static final int MAX_EVENTS_PER_CYCLE = 2000;

	private final PendingLedger ledger;

	private final EventStorageEngine store;

	private final Producer<String, byte[]> producer;

	private final EnvelopeEncoder encoder;

	private final KafkaProperties properties;

	private final LinkedBlockingDeque<RelayBatch> queue = new LinkedBlockingDeque<>();

	private final AtomicInteger eventsInMemory = new AtomicInteger();

	private final AtomicLong delivered = new AtomicLong();

	private final List<String> unsettled = new ArrayList<>();

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean running;

	private volatile boolean topicReady;

	private volatile String lastError;

	private Thread worker;

	EventRelay(PendingLedger ledger, EventStorageEngine store, Producer<String, byte[]> producer,
			EnvelopeEncoder encoder, KafkaProperties properties) {
		this.ledger = ledger;
		this.store = store;
		this.producer = producer;
		this.encoder = encoder;
		this.properties = properties;
	}

	/**
	 * Hands over a batch that has just been appended to the store.
	 */
	void enqueue(RelayBatch batch) {
		if (batch.events() != null
				&& this.eventsInMemory.addAndGet(batch.size()) > this.properties.maxEventsInMemory()) {
			this.eventsInMemory.addAndGet(-batch.size());
			batch = batch.withoutEvents();
		}
		this.queue.addLast(batch);
	}

	@Override
	public void start() {
		List<RelayBatch> outstanding = this.ledger.outstanding();
		if (!outstanding.isEmpty()) {
			log.info("Delivering {} batches left undelivered by an earlier run", outstanding.size());
		}
		outstanding.forEach(this.queue::addLast);
		this.running = true;
		this.worker = new Thread(this::run, "event-relay");
		this.worker.start();
	}

	/**
	 * Waits a little for what is queued to be delivered, then stops; anything left is
	 * delivered by the next run, from the ledger.
	 */
	@Override
	public void stop() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (backlog() > 0 && this.topicReady && System.nanoTime() < deadline) {
			awaitStop(Duration.ofMillis(20));
		}
		this.running = false;
		this.stopping.countDown();
		this.producer.close(Duration.ofSeconds(5));
		try {
			this.worker.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Start before, and stop after, the web server: no command is taken before the
		// leftovers are queued, none after the relay has stopped.
		return 0;
	}

	/**
	 * Batches waiting for delivery.
	 */
	public int backlog() {
		return this.queue.size();
	}

	public long delivered() {
		return this.delivered.get();
	}

	public String lastError() {
		return this.lastError;
	}

	private void run() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(5000);
		BackOffExecution retry = null;
		while (this.running) {
			try {
				ensureTopic();
				settle();
				List<RelayBatch> cycle = nextCycle();
				if (!cycle.isEmpty()) {
					deliver(cycle);
				}
				retry = null;
				this.lastError = null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.lastError = ex.toString();
				retry = (retry != null) ? retry : backOff.start();
				long pause = retry.nextBackOff();
				log.atWarn()
					.addKeyValue("backlog", this.queue.size())
					.log("Relay to Kafka failed, retrying in {} ms: {}", pause, ex.toString());
				awaitStop(Duration.ofMillis(pause));
			}
		}
	}

	private void awaitStop(Duration timeout) {
		try {
			this.stopping.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void ensureTopic() {
		if (this.topicReady) {
			return;
		}
		if (this.properties.createTopic()) {
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					this.properties.bootstrapServers(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000,
					AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
				for (String name : List.of(this.properties.topic(), this.properties.contractTopic())) {
					createTopic(admin, name);
				}
			}
		}
		this.topicReady = true;
	}

	private void createTopic(Admin admin, String name) {
		NewTopic topic = new NewTopic(name, this.properties.partitions(), this.properties.replicationFactor())
			.configs(Map.of("retention.ms", "-1", "min.insync.replicas",
					String.valueOf(Math.min(2, Math.max(1, this.properties.replicationFactor() - 1)))));
		try {
			admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
			log.info("Created topic {}", name);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Cannot create topic " + name, ex.getCause());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer while creating " + name, ex);
		}
	}

	private List<RelayBatch> nextCycle() throws InterruptedException {
		List<RelayBatch> cycle = new ArrayList<>();
		RelayBatch first = this.queue.pollFirst(100, TimeUnit.MILLISECONDS);
		if (first == null) {
			return cycle;
		}
		cycle.add(first);
		int events = first.size();
		while (events < MAX_EVENTS_PER_CYCLE) {
			RelayBatch next = this.queue.pollFirst();
			if (next == null) {
				break;
			}
			cycle.add(next);
			events += next.size();
		}
		return cycle;
	}

	private void deliver(List<RelayBatch> cycle) {
		List<RelayBatch> loaded;
		try {
			loaded = cycle.stream().map(this::load).toList();
		}
		catch (RuntimeException ex) {
			requeue(cycle);
			throw ex;
		}
		List<List<Future<RecordMetadata>>> sent = new ArrayList<>();
		RuntimeException sendFailure = null;
		for (RelayBatch batch : loaded) {
			List<Future<RecordMetadata>> acks = new ArrayList<>();
			try {
				for (DomainEventMessage<?> event : batch.events()) {
					acks.add(this.producer.send(this.encoder.record(event)));
				}
			}
			catch (RuntimeException ex) {
				sendFailure = ex;
				break;
			}
			sent.add(acks);
		}
		this.producer.flush();
		List<RelayBatch> failed = new ArrayList<>();
		for (int i = 0; i < loaded.size(); i++) {
			RelayBatch batch = loaded.get(i);
			if (i < sent.size() && acknowledged(sent.get(i))) {
				log.atDebug()
					.addKeyValue("incidentId", batch.aggregateId())
					.addKeyValue("sequence", batch.to())
					.log("Delivered {} sequences {}..{}", batch.aggregateId(), batch.from(), batch.to());
				this.unsettled.add(batch.ledgerId());
				this.delivered.addAndGet(batch.events().size());
				if (cycle.get(i).events() != null) {
					this.eventsInMemory.addAndGet(-batch.size());
				}
			}
			else {
				log.atWarn()
					.addKeyValue("incidentId", batch.aggregateId())
					.addKeyValue("sequence", batch.from())
					.log("Not acknowledged: {} sequences {}..{}; sent again later", batch.aggregateId(), batch.from(),
							batch.to());
				failed.add(cycle.get(i));
			}
		}
		if (!failed.isEmpty()) {
			requeue(failed);
			settle();
			throw (sendFailure != null) ? sendFailure
					: new IllegalStateException(failed.size() + " batches were not acknowledged by Kafka");
		}
		settle();
	}

	private static boolean acknowledged(List<Future<RecordMetadata>> acks) {
		for (Future<RecordMetadata> ack : acks) {
			try {
				ack.get();
			}
			catch (ExecutionException ex) {
				log.warn("Kafka refused a record: {}", ex.getCause().toString());
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Puts batches back at the head of the queue, in their order, ahead of anything
	 * newer.
	 */
	private void requeue(List<RelayBatch> batches) {
		for (int i = batches.size() - 1; i >= 0; i--) {
			this.queue.addFirst(batches.get(i));
		}
	}

	/**
	 * Reads a batch's events back from the store when it holds none. A sequence that is
	 * not in the store was never appended (the append failed after its ledger entry was
	 * written), so the batch ends there.
	 */
	private RelayBatch load(RelayBatch batch) {
		if (batch.events() != null) {
			return batch;
		}
		List<DomainEventMessage<?>> events = new ArrayList<>();
		DomainEventStream stream = this.store.readEvents(batch.aggregateId(), batch.from());
		while (stream.hasNext() && stream.peek().getSequenceNumber() <= batch.to()) {
			events.add(stream.next());
		}
		return batch.withEvents(events);
	}

	private void settle() {
		if (this.unsettled.isEmpty()) {
			return;
		}
		this.ledger.settle(this.unsettled);
		this.unsettled.clear();
	}

}
