package com.nimbus.incidents.command.signal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.nimbus.incidents.command.incident.IncidentRuleViolation;
import com.nimbus.incidents.command.incident.SignalCommands;
import com.nimbus.incidents.command.signal.SignalStore.AlertState;
import com.nimbus.incidents.events.SignalStatus;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Places each signal (signals.md, "What a signal does"): a firing alert joins the open
 * incident covering its component, else the first matching route declares an incident or
 * leaves it for triage; its incident then applies it to its windows. A resolution goes to
 * the incident its alert was placed in.
 * <p>
 * Taking the same signal in twice changes nothing the second time: the alert's state says
 * so, an incident declared for a signal has an id derived from it, and the incident
 * itself takes each alert's firing and resolution once. So the placer may repeat whatever
 * it did not record before it stopped.
 */
class SignalPlacement {

	static final String BY_OPEN_INCIDENT = "open incident";

	private final SignalStore store;

	private final SignalRoutes routes;

	private final SignalCommands commands;

	private final Clock clock;

	private final Object[] locks = new Object[64];

	SignalPlacement(SignalStore store, SignalRoutes routes, SignalCommands commands, Clock clock) {
		this.store = store;
		this.routes = routes;
		this.commands = commands;
		this.clock = clock;
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new Object();
		}
	}

	void place(Signal signal) {
		synchronized (lock(signal.key())) {
			AlertState state = this.store.state(signal.key()).orElse(null);
			if (signal.status() == SignalStatus.FIRING) {
				firing(signal, state);
			}
			else {
				resolved(signal, state);
			}
		}
	}

	private void firing(Signal signal, AlertState state) {
		if (state != null && state.startsAt().equals(signal.startsAt())
				&& (state.status() == SignalStatus.FIRING || state.status() == SignalStatus.RESOLVED)) {
			return;
		}
		if (state != null && state.status() == SignalStatus.RESOLVED && !signal.startsAt().isAfter(state.startsAt())) {
			return;
		}
		Instant now = this.clock.instant();
		String incidentId = (state != null && state.status() == SignalStatus.FIRING) ? state.incidentId() : null;
		String placedBy = (incidentId != null) ? state.placedBy() : null;
		SignalStore.Coverage coverage = this.store.covering(signal.component());
		for (int attempt = 0; attempt < 3; attempt++) {
			if (incidentId == null && !coverage.incidents().isEmpty()) {
				incidentId = coverage.incidents().get(0);
				placedBy = BY_OPEN_INCIDENT;
			}
			if (incidentId == null) {
				Optional<SignalRoutes.Route> route = this.routes.route(signal);
				if (route.isEmpty() || route.get().action() == SignalRoutes.Action.TRIAGE) {
					this.store
						.save(new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal, null, null));
					return;
				}
				// named after the route, the component and its coverage's generation
				incidentId = SignalCommands
					.incidentIdFor(route.get().name() + "|" + signal.component() + "|" + coverage.generation());
				placedBy = route.get().name();
				Instant detectedAt = signal.startsAt().isBefore(now) ? signal.startsAt() : now;
				this.commands.declare(incidentId, signal.title(), route.get().severity(), detectedAt, signal.service(),
						signal.region(), signal.source(), now);
			}
			try {
				this.commands.apply(incidentId, signal.incoming(), this.routes.flapWindow(signal), signal.source(),
						now);
				if (!coverage.incidents().contains(incidentId)) {
					this.store.cover(incidentId, List.of(signal.component()));
				}
				this.store.save(new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal, incidentId,
						placedBy));
				return;
			}
			catch (IncidentRuleViolation | AggregateNotFoundException ex) {
				// resolved (or gone) since it covered the component: it covers nothing
				// now
				this.store.uncover(incidentId);
				incidentId = null;
			}
		}
		throw new IllegalStateException("Signal " + signal.key() + " found no open incident in 3 attempts");
	}

	private void resolved(Signal signal, AlertState state) {
		if (state != null && state.status() == SignalStatus.RESOLVED && state.startsAt().equals(signal.startsAt())) {
			return;
		}
		if (state != null && state.placed() && state.status() == SignalStatus.FIRING) {
			try {
				this.commands.apply(state.incidentId(), signal.incoming(), this.routes.flapWindow(signal),
						signal.source(), this.clock.instant());
			}
			catch (AggregateNotFoundException ex) {
				// its incident is gone (a store restored without it): nothing to end
			}
			this.store.save(new AlertState(signal.key(), SignalStatus.RESOLVED, signal.startsAt(), signal,
					state.incidentId(), state.placedBy()));
			return;
		}
		// unplaced (it stays listed for triage, resolved) or never seen firing (out of
		// order: a late firing of this episode is then known as over)
		boolean waiting = state != null && !state.placed();
		this.store.save(new AlertState(signal.key(), SignalStatus.RESOLVED, signal.startsAt(), signal, null, null),
				waiting);
	}

	/**
	 * An alert attached to an incident.
	 *
	 * @param state the alert's state after
	 * @param version the incident's version after the attach (its last event sequence)
	 */
	record Attached(AlertState state, long version) {
	}

	/**
	 * Attaches an alert waiting for triage to an incident, as a person decided.
	 * @return the alert's state and the incident's version after
	 * @throws SignalNotWaiting when it is unknown or already placed
	 */
	Attached attach(String key, String incidentId, String person) {
		synchronized (lock(key)) {
			AlertState state = this.store.state(key).orElse(null);
			if (state == null || state.placed()) {
				throw new SignalNotWaiting(key, state);
			}
			Signal signal = state.signal();
			Instant now = this.clock.instant();
			long version = this.commands.apply(incidentId, signal.withStatus(SignalStatus.FIRING).incoming(),
					this.routes.flapWindow(signal), person, now);
			if (state.status() == SignalStatus.RESOLVED) {
				version = this.commands.apply(incidentId, signal.incoming(), this.routes.flapWindow(signal), person,
						now);
			}
			AlertState attached = new AlertState(key, state.status(), state.startsAt(), signal, incidentId,
					"attached by " + person);
			this.store.save(attached, false);
			this.store.barrier();
			return new Attached(attached, version);
		}
	}

	private Object lock(String key) {
		return this.locks[Math.floorMod(key.hashCode(), this.locks.length)];
	}

}
