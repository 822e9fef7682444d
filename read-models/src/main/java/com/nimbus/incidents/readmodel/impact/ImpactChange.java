package com.nimbus.incidents.readmodel.impact;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.ImpactWindows;
import com.nimbus.incidents.readmodel.ReadModelKeys;

/**
 * What some impact events of one incident, applied in sequence order to its windows,
 * change in the views that find windows by month: pure.
 * <p>
 * Every version of a window counts, since a report as known at a past time sees the
 * window as it was then: each version that has an end touches the months from its start
 * through its end; an open version touches its start month and is found in the later
 * months while open through the open windows, and afterwards through the month its end
 * was recorded in ({@link #closedIn}).
 *
 * @param lastSequence the sequence of the last event applied (-1: none)
 * @param months the months some version of a changed window overlaps
 * @param closedIn the months in which an event ending an open window was recorded
 * @param open the changed windows open after any of the events, by impact id: however the
 * events are grouped into polls, a window open at some version is added to the open
 * windows (and removed once ended), so the views come out the same
 * @param closed the changed windows ended after the events, by impact id
 * @param windows every window of the incident after the events
 */
public record ImpactChange(String incidentId, long lastSequence, SortedSet<YearMonth> months,
		SortedSet<YearMonth> closedIn, SortedSet<String> open, SortedSet<String> closed, List<ImpactWindow> windows) {

	/**
	 * An impact event with its place in the log.
	 */
	public record Recorded(long sequence, Instant recordedAt, IncidentEvent event) {
	}

	/**
	 * @param before the incident's windows before the events
	 * @param events impact events (others are ignored), in any order
	 */
	public static ImpactChange of(String incidentId, List<ImpactWindow> before, List<Recorded> events) {
		Map<String, ImpactWindow> windows = new LinkedHashMap<>();
		before.forEach((window) -> windows.put(window.impactId(), window));
		SortedSet<YearMonth> months = new TreeSet<>();
		SortedSet<YearMonth> closedIn = new TreeSet<>();
		Set<String> changed = new LinkedHashSet<>();
		SortedSet<String> open = new TreeSet<>();
		long last = -1;
		List<Recorded> ordered = new ArrayList<>(events);
		ordered.sort(Comparator.comparingLong(Recorded::sequence));
		for (Recorded event : ordered) {
			String impactId = impactId(event.event());
			if (impactId == null) {
				continue;
			}
			ImpactWindow was = windows.get(impactId);
			ImpactWindows.apply(windows, event.event(), event.sequence());
			ImpactWindow now = windows.get(impactId);
			last = Math.max(last, event.sequence());
			if (now == null) {
				// an event for an unknown impact changes nothing
				continue;
			}
			changed.add(impactId);
			months.addAll(months(now));
			if (now.open()) {
				open.add(impactId);
			}
			if (was != null && was.open() && !now.open()) {
				closedIn.add(ReadModelKeys.monthOf(event.recordedAt()));
			}
		}
		SortedSet<String> closed = new TreeSet<>();
		for (String impactId : changed) {
			if (!windows.get(impactId).open()) {
				closed.add(impactId);
			}
		}
		return new ImpactChange(incidentId, last, months, closedIn, open, closed, List.copyOf(windows.values()));
	}

	/**
	 * The months a version of a window overlaps: its start month through the month of the
	 * last instant before its end; an open one, its start month.
	 */
	static List<YearMonth> months(ImpactWindow window) {
		if (window.startedAt() == null) {
			return List.of();
		}
		return ReadModelKeys.monthsOf(window.startedAt(), window.endedAt());
	}

	private static String impactId(IncidentEvent event) {
		if (event instanceof ImpactReported reported) {
			return reported.impactId();
		}
		if (event instanceof ImpactEnded ended) {
			return ended.impactId();
		}
		if (event instanceof ImpactCorrected corrected) {
			return corrected.impactId();
		}
		return null;
	}

}
