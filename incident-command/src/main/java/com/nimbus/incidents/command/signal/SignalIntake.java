package com.nimbus.incidents.command.signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import com.nimbus.incidents.events.SignalStatus;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Takes a body's signals in: each is a repeat (the alert is known in this state already:
 * firing, or resolved, for the same start) or accepted and written to the {@code signals}
 * topic. The answer waits until every accepted one is acknowledged there.
 * <p>
 * What is known comes from a bounded memory of recent alerts, else from the placer's
 * state of the alerts (one read by {@code _id $in} per body, outside any lock): across
 * restarts a repeat stays a repeat. A signal accepted just before a restart and not yet
 * placed may be accepted once more; the placer takes it in as the repeat it is.
 */
class SignalIntake {

	/** Alerts remembered in memory; an alert storm has hundreds to thousands. */
	static final int REMEMBERED = 100_000;

	private final SignalLog log;

	private final SignalStore store;

	private final Map<String, Known> known = new LinkedHashMap<>(1024, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
			return size() > REMEMBERED;
		}

	};

	private final Object[] locks = new Object[64];

	private final java.util.concurrent.atomic.AtomicLong acceptedTotal = new java.util.concurrent.atomic.AtomicLong();

	private final java.util.concurrent.atomic.AtomicLong duplicatesTotal = new java.util.concurrent.atomic.AtomicLong();

	SignalIntake(SignalLog log, SignalStore store) {
		this.log = log;
		this.store = store;
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new Object();
		}
	}

	/**
	 * What is known of an alert: its state and the start of the episode.
	 */
	record Known(SignalStatus status, Instant startsAt) {

		boolean repeats(Signal signal) {
			return this.status == signal.status() && this.startsAt.equals(signal.startsAt());
		}

	}

	/**
	 * How many of a body's signals changed something, and how many were repeats.
	 */
	record Outcome(int accepted, int duplicates) {
	}

	Outcome accept(List<Signal> signals) {
		recall(signals);
		List<Future<RecordMetadata>> sends = new ArrayList<>();
		Map<String, Known> before = new LinkedHashMap<>();
		int duplicates = 0;
		for (Signal signal : signals) {
			synchronized (this.locks[Math.floorMod(signal.key().hashCode(), this.locks.length)]) {
				Known current = known(signal.key());
				if (current != null && current.repeats(signal)) {
					duplicates++;
					continue;
				}
				before.putIfAbsent(signal.key(), current);
				remember(signal.key(), new Known(signal.status(), signal.startsAt()));
				sends.add(this.log.send(signal));
			}
		}
		try {
			SignalLog.await(sends);
		}
		catch (SignalLogUnavailable ex) {
			// forget what was not written for sure: the sender's retry is then no repeat
			before.forEach(this::restore);
			throw ex;
		}
		this.acceptedTotal.addAndGet(sends.size());
		this.duplicatesTotal.addAndGet(duplicates);
		return new Outcome(sends.size(), duplicates);
	}

	/** Signals accepted since start (metric {@code signals.accepted}). */
	long accepted() {
		return this.acceptedTotal.get();
	}

	/** Repeats dropped since start (metric {@code signals.duplicates}). */
	long duplicates() {
		return this.duplicatesTotal.get();
	}

	/**
	 * Brings the stored state of a body's alerts that memory does not hold into memory:
	 * one read by {@code _id $in} for the body, before any lock is taken, so that a body
	 * of new alerts costs one round trip to the store instead of one per alert, and no
	 * other request waits on a lock while the store answers. An alert another request
	 * remembered meanwhile keeps that newer state.
	 */
	private void recall(List<Signal> signals) {
		java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
		synchronized (this.known) {
			for (Signal signal : signals) {
				if (!this.known.containsKey(signal.key())) {
					unknown.add(signal.key());
				}
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		Map<String, SignalStore.AlertState> stored = this.store.states(unknown);
		synchronized (this.known) {
			stored.forEach((key, state) -> this.known.putIfAbsent(key, new Known(state.status(), state.startsAt())));
		}
	}

	/**
	 * What memory holds of the alert: after {@link #recall}, whatever the store knows of
	 * the body's alerts (unless memory has dropped it meanwhile, in which case the signal
	 * is sent again, and the placer takes it in as the repeat it is).
	 */
	private Known known(String key) {
		synchronized (this.known) {
			return this.known.get(key);
		}
	}

	private void remember(String key, Known value) {
		synchronized (this.known) {
			this.known.put(key, value);
		}
	}

	private void restore(String key, Known previous) {
		synchronized (this.known) {
			if (previous == null) {
				this.known.remove(key);
			}
			else {
				this.known.put(key, previous);
			}
		}
	}

}
