package com.nimbus.incidents.command.signal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.nimbus.incidents.command.incident.IncidentRuleViolation;
import com.nimbus.incidents.command.incident.RoutedSignal;
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

	/**
	 * Places signals of one component, in order: the alerts' states read at once, each
	 * signal routed, then one command per incident for all of its signals, then the
	 * states saved. An incident that turns out resolved stops covering the component and
	 * the signals are placed again.
	 */
	void placeComponent(List<Signal> signals) {
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				placeOnce(signals);
				return;
			}
			catch (Uncovered ex) {
				this.store.uncover(ex.incidentId);
			}
		}
		throw new IllegalStateException(
				"Signals of " + signals.get(0).component() + " found no open incident in 3 attempts");
	}

	private void placeOnce(List<Signal> signals) {
		String component = signals.get(0).component();
		Map<String, AlertState> states = this.store
			.states(signals.stream().map(Signal::key).collect(Collectors.toCollection(LinkedHashSet::new)));
		SignalStore.Coverage coverage = this.store.covering(component);
		Instant now = this.clock.instant();
		Map<String, List<RoutedSignal>> byIncident = new LinkedHashMap<>();
		Map<String, String> actors = new HashMap<>();
		Map<String, AlertState> changed = new LinkedHashMap<>();
		Map<String, Boolean> waiting = new HashMap<>();
		Map<String, Declaration> declared = new HashMap<>();
		for (Signal signal : signals) {
			AlertState state = states.get(signal.key());
			AlertState next = (signal.status() == SignalStatus.FIRING) ? firing(signal, state, coverage, declared, now)
					: resolved(signal, state);
			if (next == null) {
				continue;
			}
			states.put(signal.key(), next);
			changed.put(signal.key(), next);
			boolean takenIn = next.placed() && (signal.status() == SignalStatus.FIRING
					|| (state != null && state.placed() && state.status() == SignalStatus.FIRING));
			if (takenIn) {
				byIncident.computeIfAbsent(next.incidentId(), (id) -> new ArrayList<>())
					.add(new RoutedSignal(signal.incoming(), this.routes.flapWindow(signal)));
				actors.putIfAbsent(next.incidentId(), signal.source());
			}
			waiting.put(signal.key(),
					!next.placed() && (signal.status() == SignalStatus.FIRING || (state != null && !state.placed())));
		}
		byIncident.forEach((incidentId, routed) -> {
			try {
				Declaration declaration = declared.get(incidentId);
				if (declaration != null) {
					Signal first = declaration.signal();
					Instant detectedAt = first.startsAt().isBefore(now) ? first.startsAt() : now;
					this.commands.declareWith(incidentId, first.title(), declaration.route().severity(), detectedAt,
							first.service(), first.region(), routed, first.source(), now);
				}
				else {
					this.commands.apply(incidentId, routed, actors.get(incidentId), now);
				}
			}
			catch (IncidentRuleViolation | AggregateNotFoundException ex) {
				// resolved (or gone) since it covered the component: place them again
				throw new Uncovered(incidentId);
			}
			if (!coverage.incidents().contains(incidentId)) {
				this.store.cover(incidentId, List.of(component));
			}
		});
		this.store.saveAll(changed.values(), waiting);
	}

	/**
	 * The state after a firing signal, or {@code null} when it changes nothing (a repeat,
	 * or a late firing of an episode already resolved). Declares an incident when a route
	 * says so and no open incident covers the component.
	 */
	private AlertState firing(Signal signal, AlertState state, SignalStore.Coverage coverage,
			Map<String, Declaration> declared, Instant now) {
		if (state != null && !signal.startsAt().isAfter(state.startsAt())) {
			// a repeat of this episode, or a late firing of it or of an earlier one
			return null;
		}
		if (state != null && state.status() == SignalStatus.FIRING && state.placed()) {
			return new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal, state.incidentId(),
					state.placedBy());
		}
		if (!coverage.incidents().isEmpty()) {
			return new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal,
					coverage.incidents().get(0), BY_OPEN_INCIDENT);
		}
		if (!declared.isEmpty()) {
			// an incident declared for an earlier signal of the component covers it
			return new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal,
					declared.keySet().iterator().next(), BY_OPEN_INCIDENT);
		}
		Optional<SignalRoutes.Route> route = this.routes.route(signal);
		if (route.isEmpty() || route.get().action() == SignalRoutes.Action.TRIAGE) {
			return new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal, null, null);
		}
		// named after the route, the component and its coverage's generation
		String incidentId = SignalCommands
			.incidentIdFor(route.get().name() + "|" + signal.component() + "|" + coverage.generation());
		// declared with its signals in one command, after the routing
		declared.putIfAbsent(incidentId, new Declaration(signal, route.get()));
		return new AlertState(signal.key(), SignalStatus.FIRING, signal.startsAt(), signal, incidentId,
				route.get().name());
	}

	/**
	 * The state after a resolution, or {@code null} when it changes nothing. A resolution
	 * of an alert never seen firing is kept, so that a late firing of its episode is
	 * known as over; one of an unplaced alert stays listed for triage.
	 */
	private AlertState resolved(Signal signal, AlertState state) {
		if (state != null && state.status() == SignalStatus.RESOLVED && state.startsAt().equals(signal.startsAt())) {
			return null;
		}
		boolean placedFiring = state != null && state.placed() && state.status() == SignalStatus.FIRING;
		return new AlertState(signal.key(), SignalStatus.RESOLVED, signal.startsAt(), signal,
				placedFiring ? state.incidentId() : null, placedFiring ? state.placedBy() : null);
	}

	/**
	 * An incident to declare: the signal that asked for it and the route that said so.
	 */
	private record Declaration(Signal signal, SignalRoutes.Route route) {
	}

	/**
	 * The incident a component's signals went to is resolved or gone.
	 */
	private static final class Uncovered extends RuntimeException {

		private final transient String incidentId;

		Uncovered(String incidentId) {
			super(null, null, false, false);
			this.incidentId = incidentId;
		}

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
			List<RoutedSignal> routed = new ArrayList<>();
			routed.add(new RoutedSignal(signal.withStatus(SignalStatus.FIRING).incoming(),
					this.routes.flapWindow(signal)));
			if (state.status() == SignalStatus.RESOLVED) {
				routed.add(new RoutedSignal(signal.incoming(), this.routes.flapWindow(signal)));
			}
			long version = this.commands.apply(incidentId, routed, person, now);
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
