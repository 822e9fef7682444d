package com.nimbus.incidents.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.events.ImpactCorrected;
import com.nimbus.incidents.events.ImpactEnded;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentEvent;

/**
 * What an incident's impact events say about its windows: reported, then ended, then
 * corrected field by field, in sequence order. {@link IncidentFold} and every report that
 * folds windows on its own (SLA credits, as known at a time) share this one rule.
 */
public final class ImpactWindows {

	private ImpactWindows() {
	}

	/**
	 * Whether the event changes an impact window.
	 */
	public static boolean isImpactEvent(IncidentEvent event) {
		return event instanceof ImpactReported || event instanceof ImpactEnded || event instanceof ImpactCorrected;
	}

	/**
	 * Applies one impact event to the windows (by impact id, in report order).
	 */
	public static void apply(Map<String, ImpactWindow> windows, IncidentEvent event, long sequence) {
		if (event instanceof ImpactReported reported) {
			windows.put(reported.impactId(),
					new ImpactWindow(reported.impactId(), reported.service(), reported.region(), reported.level(),
							reported.errorRate(), reported.startedAt(), reported.endedAt(),
							reported.estimatedAffectedUsers(), reported.affectedCustomerIds(), false, sequence,
							reported.source()));
		}
		else if (event instanceof ImpactEnded ended) {
			windows.computeIfPresent(ended.impactId(), (id, window) -> window.endedAt(ended.endedAt()));
		}
		else if (event instanceof ImpactCorrected correction) {
			windows.computeIfPresent(correction.impactId(), (id, window) -> window.corrected(correction.startedAt(),
					correction.endedAt(), correction.level(), correction.errorRate(), correction.reopens()));
		}
		// An event for an unknown impact changes nothing: the command side refuses those.
	}

	/**
	 * Folds impact events given in sequence order.
	 */
	public static List<ImpactWindow> fold(List<SequencedEvent> events) {
		Map<String, ImpactWindow> windows = new LinkedHashMap<>();
		for (SequencedEvent event : events) {
			apply(windows, event.event(), event.sequence());
		}
		return List.copyOf(windows.values());
	}

	/**
	 * An incident event with its sequence.
	 */
	public record SequencedEvent(long sequence, IncidentEvent event) {
	}

}
