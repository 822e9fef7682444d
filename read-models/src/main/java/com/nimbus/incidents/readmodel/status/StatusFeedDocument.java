package com.nimbus.incidents.readmodel.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one document the public status feed is rendered from: the latest {@link #LIMIT}
 * public changes, newest first, whatever the length of the log.
 * <p>
 * Its entries are a set (by event id) of which the newest {@link #LIMIT} are kept, so
 * adding entries is idempotent and commutative: a retried poll, two projector instances
 * writing for their own partitions, or a replay in any order end with the same document.
 *
 * @param epoch chosen when the document is first stored and kept by every replacement (as
 * {@link StatusPageDocument#epoch()}); {@code null} before the first write
 * @param version {@code 0} before the first write, then one more per change
 * @param entries newest first ({@link StatusFeedEntry#NEWEST_FIRST}), at most
 * {@link #LIMIT}
 */
public record StatusFeedDocument(String epoch, long version, List<StatusFeedEntry> entries) {

	/**
	 * How many entries the feed keeps.
	 */
	public static final int LIMIT = 50;

	public StatusFeedDocument {
		entries = List.copyOf(entries);
	}

	public static StatusFeedDocument empty() {
		return new StatusFeedDocument(null, 0, List.of());
	}

	/**
	 * This document with these entries added: the next version, or this very instance
	 * when none of them changes what is kept (all there already, or all older than the
	 * {@link #LIMIT} kept).
	 */
	public StatusFeedDocument plus(List<StatusFeedEntry> added) {
		Set<String> ids = new HashSet<>();
		List<StatusFeedEntry> all = new ArrayList<>(this.entries.size() + added.size());
		for (StatusFeedEntry entry : this.entries) {
			if (ids.add(entry.eventId())) {
				all.add(entry);
			}
		}
		for (StatusFeedEntry entry : added) {
			if (ids.add(entry.eventId())) {
				all.add(entry);
			}
		}
		all.sort(StatusFeedEntry.NEWEST_FIRST);
		List<StatusFeedEntry> kept = List.copyOf(all.subList(0, Math.min(LIMIT, all.size())));
		if (kept.equals(this.entries)) {
			return this;
		}
		return new StatusFeedDocument(this.epoch, this.version + 1, kept);
	}

}
