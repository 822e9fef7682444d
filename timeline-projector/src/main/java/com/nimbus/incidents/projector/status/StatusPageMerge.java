package com.nimbus.incidents.projector.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageIncident;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;

/**
 * A poll's changes merged into the status page document, pure. Idempotent: merging the
 * same changes again, or older ones, gives the same document.
 * <ul>
 * <li>an entry moves only forward: a change at or below the version of the entry in the
 * document is already there (a retried poll) or older (an instance that lost the
 * incident's partition), and is left out;</li>
 * <li>public updates are kept by sequence, so an update applied twice is listed once; an
 * entry new to the document starts from the updates its incident posted before
 * ({@code earlier});</li>
 * <li>an entry the page no longer shows at {@code now} (resolved more than
 * {@link StatusPageDocument#HISTORY} ago) is dropped, whether this poll touched it or
 * not.</li>
 * </ul>
 */
final class StatusPageMerge {

	private static final Comparator<StatusPageIncident> ORDER = Comparator
		.comparing(StatusPageIncident::declaredAt, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(StatusPageIncident::incidentId);

	private StatusPageMerge() {
	}

	/**
	 * @param earlier the public updates a change's incident posted up to its
	 * {@link StatusChange#earlierUpTo()}, asked only for entries new to the document
	 * @return {@code current} itself when nothing changed, else the next version
	 */
	static StatusPageDocument merge(StatusPageDocument current, List<StatusChange> changes, Instant now,
			Function<StatusChange, List<StatusPageUpdate>> earlier) {
		Map<String, StatusPageIncident> entries = new LinkedHashMap<>();
		current.incidents().forEach((entry) -> entries.put(entry.incidentId(), entry));
		for (StatusChange change : changes) {
			StatusPageIncident existing = entries.get(change.incidentId());
			if (existing != null && existing.version() >= change.entry().version()) {
				continue;
			}
			if (!change.entry().shownAt(now)) {
				entries.remove(change.incidentId());
				continue;
			}
			TreeMap<Long, StatusPageUpdate> updates = new TreeMap<>();
			List<StatusPageUpdate> known = (existing != null) ? existing.updates()
					: (change.earlierUpTo() >= 0) ? earlier.apply(change) : List.of();
			known.forEach((update) -> updates.put(update.sequence(), update));
			change.applied().forEach((update) -> updates.put(update.sequence(), update));
			List<StatusPageUpdate> ordered = new ArrayList<>(updates.values());
			ordered.sort(StatusPageUpdate.ORDER);
			StatusPageIncident entry = change.entry();
			entries.put(entry.incidentId(), new StatusPageIncident(entry.incidentId(), entry.version(), entry.status(),
					entry.declaredAt(), entry.resolvedAt(), entry.publicTitle(), entry.windows(), ordered));
		}
		List<StatusPageIncident> next = new ArrayList<>();
		for (StatusPageIncident entry : entries.values()) {
			if (entry.shownAt(now)) {
				next.add(entry);
			}
		}
		next.sort(ORDER);
		if (next.equals(current.incidents())) {
			return current;
		}
		return current.next(next);
	}

}
