package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;

/**
 * The projection of one incident's delivered events, pure: no Kafka, no Mongo.
 * <p>
 * Delivery is at least once and, after a failure, may come out of order. An event whose
 * sequence is already applied changes nothing; one that arrives ahead of a gap waits
 * (parked) until the gap is filled. So the view only ever reflects a gapless prefix of
 * the log, whatever the delivery order.
 */
public final class IncidentProjection {

	private IncidentProjection() {
	}

	/**
	 * @param applied the timeline entries of the events applied now, in sequence order
	 * @param duplicates events that were already applied or already waiting
	 * @param changed whether anything must be written
	 */
	public record Outcome(ProjectedIncident incident, List<TimelineEntry> applied, int duplicates, boolean changed) {

	}

	public static Outcome project(ProjectedIncident current, List<Delivered> delivered) {
		TreeMap<Long, Delivered> waiting = new TreeMap<>();
		current.parked().forEach((event) -> waiting.put(event.sequence(), event));
		int duplicates = 0;
		boolean parkedMore = false;
		for (Delivered event : delivered) {
			if (event.sequence() <= current.version() || waiting.putIfAbsent(event.sequence(), event) != null) {
				duplicates++;
			}
			else {
				parkedMore = true;
			}
		}
		IncidentState state = current.state();
		List<TimelineEntry> applied = new ArrayList<>();
		while (!waiting.isEmpty() && waiting.firstKey() == state.version() + 1) {
			Delivered next = waiting.pollFirstEntry().getValue();
			state = IncidentFold.apply(state, next.envelope());
			applied.add(entry(next));
		}
		ProjectedIncident incident = new ProjectedIncident(state, new ArrayList<>(waiting.values()));
		return new Outcome(incident, applied, duplicates, parkedMore);
	}

	static TimelineEntry entry(Delivered event) {
		return new TimelineEntry(event.envelope(), TimelineText.describe(event.envelope()), event.json());
	}

}
