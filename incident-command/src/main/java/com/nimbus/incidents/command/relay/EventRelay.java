package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.MongoException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Delivers every event appended to the event store to Kafka: incident events to
 * {@code incident-events} keyed by incident id, contract events to
 * {@code contract-events} keyed by customer id, each exactly once and in per-aggregate
 * order, whatever process dies (ADR 1 and ADR 11).
 * <p>
 * The event store is the commit point. The relay gets each appended batch right after the
 * append and sends it on one thread, in append order, through an idempotent producer that
 * never gives up on a record. A batch's {@link PendingLedger} entry is removed only once
 * Kafka has acknowledged all of its events.
 * <ul>
 * <li>Per-aggregate order: a batch is sent only when no earlier batch of its aggregate is
 * waiting, here or in another instance's ledger entries ({@link SequenceGate}); a batch
 * that fails waits with a back-off of its own, and the later batches of its aggregate
 * wait behind it, while every other aggregate keeps flowing.</li>
 * <li>Exactly once on the topic: batches left by a process that is gone (this service's
 * previous run, or another instance whose {@link RelayOwners lease} ran out) are taken
 * over with a conditional update, and delivered only after the {@link PublishedLog} has
 * caught up with the topic, without the sequences it shows there already.</li>
 * <li>Only its own events: an entry carries the ids of the events its append wrote; what
 * the store holds at those sequences is delivered only if it is those events, so an
 * append that failed (another writer took the sequence) delivers nothing.</li>
 * <li>Poison: a batch that can never be read back, encoded or taken by Kafka goes to
 * {@link RelayDeadLetters} with its reason, instead of blocking the relay.</li>
 * </ul>
 */
public class EventRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

	private static final int MAX_EVENTS_PER_CYCLE = 2000;

	/** How long the first check against the topic may hold up the start. */
	private static final Duration START_CHECK = Duration.ofSeconds(10);

	private final RelayParts parts;

	private final Producer<String, byte[]> producer;

	private final RelayProperties relay;

	private final LinkedBlockingDeque<RelayBatch> queue = new LinkedBlockingDeque<>();

	/** The batches that wait behind one that failed or must wait; worker's own. */
	private final HeldBatches held = new HeldBatches();

	private final AtomicLong bytesInMemory = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong deadLettered = new AtomicLong();

	private final List<String> unsettled = new ArrayList<>();

	private final RunFlag state = new RunFlag();

	private final SequenceGate order;

	private final LedgerSettler settler;

	private final RelayBackground background;

	private final Leftovers leftovers;

	private volatile boolean topicReady;

	private volatile String lastError;

	private volatile Throwable died;

	private Thread worker;

	EventRelay(RelayParts parts, Producer<String, byte[]> producer, KafkaProperties properties, RelayProperties relay) {
		this.parts = parts;
		this.producer = producer;
		this.relay = relay;
		this.order = new SequenceGate(parts.ledger(), parts.published());
		this.settler = new LedgerSettler(parts.ledger());
		this.background = new RelayBackground(parts);
		this.leftovers = new Leftovers(parts, relay.checkWindow());
	}

	/**
	 * Hands over a batch that has just been appended to the store. Its records stay in
	 * memory while the bytes held stay under {@code relay.max-bytes-in-memory}; beyond,
	 * only the range is kept and the events are read back from the store in their turn.
	 */
	void enqueue(RelayBatch batch) {
		long bytes = batch.bytes();
		if (bytes > 0 && this.bytesInMemory.addAndGet(bytes) > this.relay.maxBytesInMemory()) {
			this.bytesInMemory.addAndGet(-bytes);
			batch = batch.withoutRecords();
		}
		this.queue.addLast(batch);
	}

	/**
	 * Refuses an append that would give new events the sequences of published ones.
	 */
	void beforeAppend(String aggregateId, long firstSequence) {
		this.parts.guard().beforeAppend(aggregateId, firstSequence);
	}

	@Override
	public void start() {
		try {
			this.parts.topics().ensure();
			this.topicReady = true;
		}
		catch (RuntimeException ex) {
			log.warn("Kafka does not answer yet: {}", ex.toString());
		}
		this.parts.owners().heartbeat();
		List<PendingLedger.Entry> entries = this.parts.ledger().all();
		Map<String, Instant> heartbeats = this.parts.owners().heartbeats();
		this.parts.published().start(this.leftovers.readFrom(entries, heartbeats));
		if (this.parts.published().awaitCaughtUp(START_CHECK)) {
			int checked = this.parts.guard().verify();
			log.info("Event store checked against the topics: {} aggregates published lately, {} diverged", checked,
					this.parts.guard().diverged().size());
		}
		else {
			log.warn("Kafka did not answer within {}: the event store is checked against the topics once it does",
					START_CHECK);
		}
		putFirst(this.leftovers.takeOver(entries, heartbeats, true));
		this.settler.start();
		this.state.start();
		this.background.start();
		this.worker = new Thread(this::run, "event-relay");
		this.worker.setUncaughtExceptionHandler((thread, ex) -> {
			this.died = ex;
			log.error("The event relay's worker died; events are no longer delivered", ex);
		});
		this.worker.start();
	}

	/**
	 * Waits a little for what is queued to be delivered, then stops and gives up the
	 * lease, so another instance may take over what is left at once.
	 */
	@Override
	public void stop() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (backlog() > 0 && this.topicReady && System.nanoTime() < deadline && this.worker.isAlive()) {
			pause(20);
		}
		this.state.stop();
		this.producer.close(Duration.ofSeconds(5));
		RunFlag.join(this.worker);
		this.background.stop();
		this.settler.stop(Duration.ofSeconds(5));
		this.parts.published().close();
		try {
			this.parts.owners().release();
		}
		catch (MongoException ex) {
			log.warn("Could not give up the relay's lease (it runs out by itself): {}", ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.state.running();
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
		return this.queue.size() + this.held.size();
	}

	public long delivered() {
		return this.delivered.get();
	}

	public long deadLettered() {
		return this.deadLettered.get();
	}

	public String lastError() {
		return this.lastError;
	}

	/**
	 * Why the worker died, or {@code null} while it lives (or has not started).
	 */
	Throwable died() {
		if (this.died != null) {
			return this.died;
		}
		if (this.state.running() && this.worker != null && !this.worker.isAlive()) {
			return new IllegalStateException("the relay's worker thread has ended");
		}
		return null;
	}

	private void run() {
		long backOff = 100;
		while (this.state.running()) {
			try {
				ensureTopic();
				settle();
				putFirst(this.leftovers.scan());
				List<RelayBatch> cycle = nextCycle();
				if (!cycle.isEmpty()) {
					deliver(cycle);
				}
				backOff = 100;
				this.lastError = null;
			}
			catch (RuntimeException ex) {
				if (!this.state.running()) {
					return;
				}
				this.lastError = ex.toString();
				long pause = HeldBatches.jitter(backOff);
				backOff = Math.min(backOff * 2, 5000);
				log.atWarn()
					.addKeyValue("backlog", backlog())
					.log("Relay to Kafka failed, retrying in {} ms: {}", pause, ex.toString());
				this.state.pause(pause);
			}
		}
	}

	/**
	 * Puts batches taken over first, in their order: each before what its aggregate has
	 * waiting, or at the head of the queue.
	 */
	private void putFirst(List<RelayBatch> taken) {
		for (int i = taken.size() - 1; i >= 0; i--) {
			RelayBatch batch = taken.get(i);
			if (!this.held.putFirstIfWaiting(batch)) {
				this.queue.addFirst(batch);
			}
		}
	}

	private void ensureTopic() {
		if (!this.topicReady) {
			this.parts.topics().ensure();
			this.topicReady = true;
		}
	}

	/**
	 * The batches whose wait is over, then what is queued; a queued batch of an aggregate
	 * that waits joins the end of its wait.
	 */
	private List<RelayBatch> nextCycle() {
		List<RelayBatch> cycle = new ArrayList<>();
		long now = System.nanoTime();
		long nextRetry = this.held.takeDue(now, cycle);
		int events = cycle.stream().mapToInt(RelayBatch::size).sum();
		if (cycle.isEmpty()) {
			long waitMillis = Math.max(1, Math.min(100, (nextRetry - now) / 1_000_000));
			RelayBatch first = poll(waitMillis);
			if (first == null) {
				return cycle;
			}
			events += place(first, cycle);
		}
		while (events < MAX_EVENTS_PER_CYCLE) {
			RelayBatch next = this.queue.pollFirst();
			if (next == null) {
				break;
			}
			events += place(next, cycle);
		}
		return cycle;
	}

	private int place(RelayBatch batch, List<RelayBatch> cycle) {
		if (this.held.joinIfWaiting(batch)) {
			return 0;
		}
		cycle.add(batch);
		return batch.size();
	}

	private RelayBatch poll(long millis) {
		try {
			return this.queue.pollFirst(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private record Sent(RelayBatch batch, List<Outgoing> records, List<Future<RecordMetadata>> acks) {
	}

	private void deliver(List<RelayBatch> cycle) {
		Map<String, Long> foreign;
		try {
			foreign = this.order.earlierElsewhere(cycle);
		}
		catch (MongoException ex) {
			Set<String> waiting = new HashSet<>();
			cycle.forEach((batch) -> hold(batch, waiting.add(batch.aggregateId()) ? 0 : -1,
					"the ledger could not be read: " + ex));
			return;
		}
		boolean caughtUp = cycle.stream().noneMatch(RelayBatch::recovered)
				|| this.parts.published().awaitCaughtUp(Duration.ofSeconds(10));
		Set<String> blocked = new HashSet<>();
		List<Sent> sent = new ArrayList<>();
		for (RelayBatch batch : cycle) {
			String aggregate = batch.aggregateId();
			if (blocked.contains(aggregate)) {
				hold(batch, -1, null);
				continue;
			}
			Long earlier = foreign.get(aggregate);
			if (earlier != null && earlier < batch.from()) {
				blocked.add(aggregate);
				hold(batch, 50, null);
				continue;
			}
			if (batch.recovered() && !caughtUp) {
				blocked.add(aggregate);
				hold(batch, 0, "the topic could not be read to skip what is on it already");
				continue;
			}
			Sent attempt = send(batch, blocked);
			if (attempt != null) {
				sent.add(attempt);
			}
		}
		this.producer.flush();
		Set<String> failed = new HashSet<>();
		for (Sent attempt : sent) {
			RelayBatch batch = attempt.batch();
			String aggregate = batch.aggregateId();
			String refusal = failed.contains(aggregate) ? "an earlier batch of " + aggregate + " failed"
					: acknowledged(attempt.acks());
			if (refusal == null) {
				delivered(batch, attempt.records());
			}
			else {
				failed.add(aggregate);
				log.atWarn()
					.addKeyValue("incidentId", aggregate)
					.addKeyValue("sequence", batch.from())
					.log("Not acknowledged: {} sequences {}..{} ({}); sent again later, after a pause", aggregate,
							batch.from(), batch.to(), refusal);
				hold(batch, 0, refusal);
			}
		}
		settle();
	}

	/**
	 * Loads and sends one batch; holds it or sets it apart when that fails.
	 * @return what was sent, or {@code null}
	 */
	private Sent send(RelayBatch batch, Set<String> blocked) {
		String aggregate = batch.aggregateId();
		List<Outgoing> records;
		try {
			records = this.parts.loader().load(batch);
		}
		catch (MongoException ex) {
			blocked.add(aggregate);
			hold(batch, 0, ex.toString());
			return null;
		}
		catch (RuntimeException ex) {
			deadLetter(batch, "cannot be read back from the event store or encoded: " + ex, blocked);
			return null;
		}
		if (batch.recovered()) {
			long onTopic = this.parts.published().published(aggregate);
			records = records.stream().filter((record) -> record.sequence() > onTopic).toList();
		}
		for (Outgoing record : records) {
			if (record.bytes() > this.relay.maxRecordBytes()) {
				deadLetter(batch, "sequence " + record.sequence() + " is " + record.bytes()
						+ " bytes, more than Kafka takes (" + this.relay.maxRecordBytes() + ")", blocked);
				return null;
			}
		}
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		try {
			for (Outgoing record : records) {
				acks.add(this.producer.send(record.record()));
			}
		}
		catch (RecordTooLargeException | SerializationException ex) {
			deadLetter(batch, "Kafka cannot take it: " + ex, blocked);
			return null;
		}
		catch (RuntimeException ex) {
			blocked.add(aggregate);
			hold(batch, 0, ex.toString());
			return null;
		}
		return new Sent(batch, records, acks);
	}

	private void delivered(RelayBatch batch, List<Outgoing> records) {
		log.atDebug()
			.addKeyValue("incidentId", batch.aggregateId())
			.addKeyValue("sequence", batch.to())
			.log("Delivered {} sequences {}..{}", batch.aggregateId(), batch.from(), batch.to());
		this.unsettled.add(batch.ledgerId());
		this.order.sent(batch.aggregateId(), records);
		this.delivered.addAndGet(records.size());
		this.bytesInMemory.addAndGet(-batch.bytes());
		this.held.succeeded(batch.aggregateId());
	}

	/**
	 * Sets a batch apart with its reason; when the store cannot take the dead letter now,
	 * the batch waits (and its aggregate behind it) and is tried again.
	 */
	private void deadLetter(RelayBatch batch, String reason, Set<String> blocked) {
		log.atError()
			.addKeyValue("incidentId", batch.aggregateId())
			.addKeyValue("sequence", batch.from())
			.log("Dead letter: {} sequences {}..{} can never be delivered: {}", batch.aggregateId(), batch.from(),
					batch.to(), reason);
		try {
			this.parts.deadLetters().store(batch, reason);
		}
		catch (MongoException ex) {
			blocked.add(batch.aggregateId());
			hold(batch, 0, "its dead letter could not be stored: " + ex);
			return;
		}
		this.unsettled.add(batch.ledgerId());
		this.deadLettered.incrementAndGet();
		this.bytesInMemory.addAndGet(-batch.bytes());
	}

	/**
	 * Makes a batch wait, with the later batches of its aggregate behind it.
	 * @param delayMillis how long, or 0 for the aggregate's back-off, or -1 to join the
	 * wait it is already in
	 */
	private void hold(RelayBatch batch, long delayMillis, String reason) {
		this.held.hold(batch, delayMillis);
		if (reason != null) {
			this.lastError = reason;
		}
	}

	/**
	 * @return {@code null} when every record was acknowledged, else why not
	 */
	private static String acknowledged(List<Future<RecordMetadata>> acks) {
		for (Future<RecordMetadata> ack : acks) {
			try {
				ack.get();
			}
			catch (ExecutionException ex) {
				return ex.getCause().toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}
		return null;
	}

	/**
	 * Hands the entries of the batches delivered (or set apart) to the
	 * {@link LedgerSettler}, which removes them while this thread sends the next batches.
	 */
	private void settle() {
		if (this.unsettled.isEmpty()) {
			return;
		}
		this.settler.settle(this.unsettled);
		this.unsettled.clear();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
