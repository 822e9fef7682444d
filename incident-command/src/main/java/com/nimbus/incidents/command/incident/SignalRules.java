package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.ImpactSource;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.SignalReceived;
import com.nimbus.incidents.events.SignalStatus;

/**
 * What a monitoring signal does to an incident's impact windows (signals.md, "What a
 * signal does"). Pure: the incident's state in, the events to apply out.
 * <ul>
 * <li>A repeat of an alert already firing, a resolution of one not firing (a repeat, or
 * out of order), and a firing of an episode already resolved change nothing.</li>
 * <li>The first firing signal of a component opens a window ({@code ImpactReported},
 * {@code source: MONITOR}, {@code startedAt} = its {@code startsAt}); a later one joins
 * it and may raise its level or error rate, or move its start earlier when it began
 * before it ({@code ImpactCorrected}).</li>
 * <li>A window that ended no longer than the flap window before the signal began is
 * reopened by a correction instead of a new window being opened.</li>
 * <li>When every alert holding a window has resolved, it ends at the latest
 * {@code endsAt}.</li>
 * <li>A window a person corrected or ended is final; so is a component with an open
 * window a person reported: the signal is recorded, nothing else moves.</li>
 * <li>Each first firing and each resolution is recorded ({@code SignalReceived}).</li>
 * </ul>
 */
final class SignalRules {

	private SignalRules() {
	}

	/**
	 * An event to apply, with its business time.
	 */
	record Fact(IncidentEvent event, Instant occurredAt) {
	}

	/**
	 * What the incident knows of an alert.
	 */
	record Mark(SignalStatus status, Instant startsAt, String impactId) {
	}

	/**
	 * @param windows the latest window monitoring opened on each component
	 * @param personWindows the components with an open window a person reported
	 * @param marks what the incident knows of each alert (by source and fingerprint)
	 */
	static List<Fact> apply(String incidentId, IncomingSignal signal, Duration flapWindow,
			Map<String, MonitorWindow> windows, Set<String> personWindows, Map<String, Mark> marks) {
		Mark mark = marks.get(signal.key());
		return (signal.status() == SignalStatus.FIRING)
				? firing(incidentId, signal, flapWindow, windows, personWindows, mark)
				: resolved(signal, windows, mark);
	}

	private static List<Fact> firing(String incidentId, IncomingSignal signal, Duration flapWindow,
			Map<String, MonitorWindow> windows, Set<String> personWindows, Mark mark) {
		if (mark != null && (mark.status() == SignalStatus.FIRING || !signal.startsAt().isAfter(mark.startsAt()))) {
			return List.of();
		}
		List<Fact> facts = new ArrayList<>();
		MonitorWindow window = windows.get(signal.component());
		String held;
		if (window != null && window.takes(signal.startsAt(), flapWindow)) {
			held = window.personFinal() ? null : window.impactId();
			if (held != null) {
				raise(window, signal, flapWindow).ifPresent(facts::add);
			}
		}
		else if (personWindows.contains(signal.component())) {
			held = null;
		}
		else {
			held = impactId(incidentId, signal);
			facts.add(new Fact(
					new ImpactReported(held, signal.service(), signal.region(), level(signal), signal.errorRate(),
							signal.startsAt(), null, null, null, ImpactSource.MONITOR, signal.fingerprint()),
					signal.startsAt()));
		}
		facts.add(received(signal, held, signal.startsAt()));
		return facts;
	}

	/**
	 * A correction that reopens the window (within the flap window) and raises its level
	 * or error rate where the signal says more; none when there is nothing to change.
	 */
	private static Optional<Fact> raise(MonitorWindow window, IncomingSignal signal, Duration flapWindow) {
		boolean reopens = !window.open();
		// a signal that began before the window (taken in after a later one) moves its
		// start
		Instant start = (!reopens && signal.startsAt().isBefore(window.startedAt())) ? signal.startsAt() : null;
		ImpactLevel level = (level(signal).compareTo(window.level()) > 0) ? level(signal) : null;
		BigDecimal errorRate = (signal.errorRate() != null
				&& (window.errorRate() == null || signal.errorRate().compareTo(window.errorRate()) > 0))
						? signal.errorRate() : null;
		if (!reopens && start == null && level == null && errorRate == null) {
			return Optional.empty();
		}
		List<String> why = new ArrayList<>();
		if (reopens) {
			why.add("fired again within the flap window of " + flapWindow.toMinutes() + " min");
		}
		if (start != null) {
			why.add("began at " + start + ", before the window");
		}
		if (level != null || errorRate != null) {
			why.add("raised it");
		}
		String reason = "Signal " + signal.key() + " " + String.join("; ", why);
		return Optional.of(new Fact(
				new ImpactCorrected(window.impactId(), start, null, level, errorRate, reason, reopens ? true : null),
				signal.startsAt()));
	}

	private static List<Fact> resolved(IncomingSignal signal, Map<String, MonitorWindow> windows, Mark mark) {
		if (mark == null || mark.status() != SignalStatus.FIRING) {
			return List.of();
		}
		Instant endsAt = signal.endsAt();
		List<Fact> facts = new ArrayList<>();
		MonitorWindow window = (mark.impactId() != null) ? windows.get(signal.component()) : null;
		boolean holds = window != null && window.impactId().equals(mark.impactId())
				&& window.holders().contains(signal.key());
		facts.add(received(signal, holds ? window.impactId() : null, endsAt));
		if (holds && !window.personFinal() && window.open()) {
			MonitorWindow after = window.released(signal.key(), endsAt);
			if (after.holders().isEmpty()) {
				Instant end = after.latestEnd();
				if (!end.isAfter(window.startedAt())) {
					// an alert that resolved as it began still lasted: a second at least
					end = window.startedAt().plusSeconds(1);
				}
				facts.add(new Fact(new ImpactEnded(window.impactId(), end), end));
			}
		}
		return facts;
	}

	private static Fact received(IncomingSignal signal, String impactId, Instant occurredAt) {
		return new Fact(new SignalReceived(signal.source(), signal.fingerprint(), signal.status(), signal.service(),
				signal.region(), signal.level(), signal.errorRate(), signal.startsAt(), signal.endsAt(),
				signal.summary(), impactId), occurredAt);
	}

	private static ImpactLevel level(IncomingSignal signal) {
		return (signal.level() != null) ? signal.level() : ImpactLevel.DEGRADED_PERFORMANCE;
	}

	/**
	 * The id of the window an alert opens: derived from the incident, the alert and the
	 * episode's start, so that taking the same signal in twice can never open two.
	 */
	static String impactId(String incidentId, IncomingSignal signal) {
		return IncidentIds.derived("IMP-", incidentId + "|" + signal.key() + "|" + signal.startsAt());
	}

}
