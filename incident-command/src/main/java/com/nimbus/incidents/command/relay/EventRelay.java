package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
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

	private static final Duration VERIFY_INTERVAL = Duration.ofSeconds(5);

	private final RelayParts parts;

	private final Producer<String, byte[]> producer;

	private final RelayProperties relay;

	private final LinkedBlockingDeque<RelayBatch> queue = new LinkedBlockingDeque<>();

	/**
	 * Per aggregate, the batches waiting behind one that failed or must wait; worker's
	 * own.
	 */
	private final Map<String, Held> held = new LinkedHashMap<>();

	/** Per aggregate, the failures in a row, for its back-off; worker's own. */
	private final Map<String, Integer> failures = new HashMap<>();

	private final AtomicLong bytesInMemory = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong deadLettered = new AtomicLong();

	private final List<String> unsettled = new ArrayList<>();

	private final Object stopping = new Object();

	private final SequenceGate order;

	private final LedgerSettler settler;

	private volatile boolean running;

	private volatile boolean topicReady;

	private volatile String lastError;

	private volatile Throwable died;

	private long lastScan;

	private Thread worker;

	private Thread heartbeat;

	private Thread verifier;

	EventRelay(RelayParts parts, Producer<String, byte[]> producer, KafkaProperties properties, RelayProperties relay) {
		this.parts = parts;
		this.producer = producer;
		this.relay = relay;
		this.order = new SequenceGate(parts.ledger(), parts.published());
		this.settler = new LedgerSettler(parts.ledger());
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
		this.parts.published().start(readFrom(entries, heartbeats));
		if (this.parts.published().awaitCaughtUp(START_CHECK)) {
			int checked = this.parts.guard().verify();
			log.info("Event store checked against the topics: {} aggregates published lately, {} diverged", checked,
					this.parts.guard().diverged().size());
		}
		else {
			log.warn("Kafka did not answer within {}: the event store is checked against the topics once it does",
					START_CHECK);
		}
		takeOver(entries, heartbeats, true);
		this.settler.start();
		this.running = true;
		this.heartbeat = new Thread(this::beat, "relay-heartbeat");
		this.heartbeat.setDaemon(true);
		this.heartbeat.start();
		this.verifier = new Thread(this::verifyEvery, "relay-verifier");
		this.verifier.setDaemon(true);
		this.verifier.start();
		this.worker = new Thread(this::run, "event-relay");
		this.worker.setUncaughtExceptionHandler((thread, ex) -> {
			this.died = ex;
			log.error("The event relay's worker died; events are no longer delivered", ex);
		});
		this.worker.start();
	}

	/**
	 * Where the published log starts reading: far enough back to cover what this
	 * service's previous run or a dead instance may have delivered without settling it.
	 */
	private Instant readFrom(List<PendingLedger.Entry> entries, Map<String, Instant> heartbeats) {
		Instant since = Instant.now().minus(this.relay.checkWindow());
		for (PendingLedger.Entry entry : entries) {
			Instant last = heartbeats.getOrDefault(entry.owner(), entry.openedAt());
			Instant earliest = (entry.openedAt().isBefore(last)) ? entry.openedAt() : last;
			if (earliest.minus(Duration.ofMinutes(1)).isBefore(since)) {
				since = earliest.minus(Duration.ofMinutes(1));
			}
		}
		return since;
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
		this.running = false;
		synchronized (this.stopping) {
			this.stopping.notifyAll();
		}
		this.producer.close(Duration.ofSeconds(5));
		join(this.worker);
		join(this.heartbeat);
		join(this.verifier);
		this.settler.stop(Duration.ofSeconds(5));
		this.parts.published().close();
		try {
			this.parts.owners().release();
		}
		catch (MongoException ex) {
			log.warn("Could not give up the relay's lease (it runs out by itself): {}", ex.toString());
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(10));
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
		return this.queue.size() + this.held.values().stream().mapToInt((h) -> h.batches.size()).sum();
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
		if (this.running && this.worker != null && !this.worker.isAlive()) {
			return new IllegalStateException("the relay's worker thread has ended");
		}
		return null;
	}

	private void beat() {
		while (this.running) {
			try {
				this.parts.owners().heartbeat();
			}
			catch (RuntimeException ex) {
				log.warn("Relay heartbeat failed: {}", ex.toString());
			}
			awaitStop(RelayOwners.HEARTBEAT.toMillis());
		}
	}

	/**
	 * Every few seconds, checks the store against what moved on the topics, on its own
	 * thread: one lookup per incident published since the last check, which at a few
	 * hundred incidents took the relay's own thread seconds and held back every send.
	 */
	private void verifyEvery() {
		while (this.running) {
			awaitStop(VERIFY_INTERVAL.toMillis());
			if (!this.running || !this.parts.published().caughtUpOnce()) {
				continue;
			}
			try {
				this.parts.guard().verify();
			}
			catch (RuntimeException ex) {
				log.warn("Could not check the event store against the topics now: {}", ex.toString());
			}
		}
	}

	private void run() {
		long backOff = 100;
		while (this.running) {
			try {
				ensureTopic();
				settle();
				housekeeping();
				List<RelayBatch> cycle = nextCycle();
				if (!cycle.isEmpty()) {
					deliver(cycle);
				}
				backOff = 100;
				this.lastError = null;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.lastError = ex.toString();
				long pause = jitter(backOff);
				backOff = Math.min(backOff * 2, 5000);
				log.atWarn()
					.addKeyValue("backlog", backlog())
					.log("Relay to Kafka failed, retrying in {} ms: {}", pause, ex.toString());
				awaitStop(pause);
			}
		}
	}

	/**
	 * Every heartbeat: takes over what dead instances left.
	 */
	private void housekeeping() {
		long now = System.nanoTime();
		if (now - this.lastScan >= RelayOwners.HEARTBEAT.toNanos()) {
			this.lastScan = now;
			takeOver(this.parts.ledger().all(), this.parts.owners().heartbeats(), false);
		}
	}

	private void takeOver(List<PendingLedger.Entry> entries, Map<String, Instant> heartbeats, boolean starting) {
		String self = this.parts.ledger().owner();
		List<RelayBatch> taken = new ArrayList<>();
		for (PendingLedger.Entry entry : entries) {
			if (entry.owner() == null || entry.owner().equals(self)) {
				if (starting) {
					taken.add(entry.recovered());
				}
			}
			else if (!this.parts.owners().alive(heartbeats, entry.owner()) && this.parts.ledger().takeOver(entry)) {
				taken.add(entry.recovered());
			}
		}
		if (taken.isEmpty()) {
			return;
		}
		log.info("Delivering {} batches left undelivered by {}", taken.size(),
				starting ? "an earlier run or a stopped instance" : "an instance whose lease ran out");
		taken.sort(Comparator.comparing(RelayBatch::aggregateId).thenComparingLong(RelayBatch::from));
		for (int i = taken.size() - 1; i >= 0; i--) {
			RelayBatch batch = taken.get(i);
			Held waiting = this.held.get(batch.aggregateId());
			if (waiting != null) {
				waiting.batches.addFirst(batch);
			}
			else {
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
		long nextRetry = Long.MAX_VALUE;
		for (Iterator<Held> waiting = this.held.values().iterator(); waiting.hasNext();) {
			Held held = waiting.next();
			if (held.retryAt <= now) {
				cycle.addAll(held.batches);
				waiting.remove();
			}
			else {
				nextRetry = Math.min(nextRetry, held.retryAt);
			}
		}
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
		Held waiting = this.held.get(batch.aggregateId());
		if (waiting != null) {
			waiting.batches.addLast(batch);
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
		this.failures.remove(batch.aggregateId());
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
		Held waiting = this.held.computeIfAbsent(batch.aggregateId(), (id) -> new Held());
		waiting.batches.addLast(batch);
		if (delayMillis < 0 && waiting.retryAt > 0) {
			return;
		}
		long pause = delayMillis;
		if (delayMillis == 0) {
			int attempts = this.failures.merge(batch.aggregateId(), 1, Integer::sum);
			pause = jitter(Math.min(100L << Math.min(attempts - 1, 6), 5000));
		}
		waiting.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
		if (reason != null) {
			this.lastError = reason;
		}
	}

	private static long jitter(long millis) {
		return millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
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

	private void awaitStop(long millis) {
		synchronized (this.stopping) {
			if (!this.running) {
				return;
			}
			try {
				this.stopping.wait(Math.max(1, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The batches of one aggregate that wait, in sequence order, and until when.
	 */
	private static final class Held {

		final Deque<RelayBatch> batches = new ArrayDeque<>();

		long retryAt;

	}

}
