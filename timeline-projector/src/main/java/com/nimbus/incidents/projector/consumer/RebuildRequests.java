package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request side of a rebuild, through the {@link RebuildControl} document: the
 * instance asked records the request, drops the read models and advances the generation;
 * any instance finishes a request whose owner died half-way. Each loop looks at the
 * generation at most once a second between polls ({@link #due}).
 */
final class RebuildRequests {

	private static final Logger log = LoggerFactory.getLogger(RebuildRequests.class);

	static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private final RebuildControl control;

	private final List<RecordsHandler> handlers;

	private final Runnable recreateIndexes;

	private final Clock clock;

	private final AtomicBoolean checkNow = new AtomicBoolean(true);

	private volatile long requested = -1;

	private long lastCheck;

	/**
	 * @param recreateIndexes creates the read models' indexes again once they are dropped
	 */
	RebuildRequests(RebuildControl control, List<RecordsHandler> handlers, Runnable recreateIndexes, Clock clock) {
		this.control = control;
		this.handlers = handlers;
		this.recreateIndexes = recreateIndexes;
		this.clock = clock;
	}

	/**
	 * Records a request, drops the read models and advances the generation; the next
	 * {@link #due} check comes at once.
	 * @return the generation that carries the request out
	 */
	long request() {
		this.requested = Long.MAX_VALUE;
		long advanced = -1;
		try {
			String request = UUID.randomUUID().toString();
			Instant heartbeat = now();
			this.control.open(request, heartbeat);
			advanced = dropAndAdvance(request, heartbeat);
			return advanced;
		}
		finally {
			this.requested = advanced;
			checkSoon();
		}
	}

	/**
	 * Whether a request made here is not yet carried out by a loop that has reached
	 * {@code generation}.
	 */
	boolean pending(long generation) {
		return this.requested > generation;
	}

	/**
	 * Brings the next check forward to the loop's next turn.
	 */
	void checkSoon() {
		this.checkNow.set(true);
	}

	/**
	 * At most once every {@link #CHECK_INTERVAL}, or at once after {@link #checkSoon}:
	 * the current generation, once any request abandoned by a dead instance has been
	 * finished; empty when no check is due. A check that fails is due again at once.
	 */
	OptionalLong due() {
		long now = System.nanoTime();
		if (!this.checkNow.getAndSet(false) && now - this.lastCheck < CHECK_INTERVAL.toNanos()) {
			return OptionalLong.empty();
		}
		this.lastCheck = now;
		try {
			RebuildControl.State state = this.control.read();
			if (finishAbandoned(state)) {
				state = this.control.read();
			}
			return OptionalLong.of(state.generation());
		}
		catch (RuntimeException ex) {
			checkSoon();
			throw ex;
		}
	}

	/**
	 * Drops every read model, renewing the request's heartbeat before each drop, creates
	 * the indexes the drops took with them, then advances the generation. A drop is
	 * always followed by an advance, even when another instance has taken the request
	 * over in the meantime: whatever was replayed before this drop is then replayed
	 * again.
	 */
	private long dropAndAdvance(String request, Instant heartbeat) {
		Instant last = heartbeat;
		boolean dropped = false;
		for (RecordsHandler handler : this.handlers) {
			Instant next = after(last);
			if (!this.control.renew(request, last, next)) {
				log.warn("Rebuild request {} was taken over by another instance", request);
				if (!dropped) {
					return this.control.read().generation();
				}
				this.recreateIndexes.run();
				return this.control.advance(request);
			}
			last = next;
			dropped = true;
			handler.reset();
		}
		this.recreateIndexes.run();
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

}
