package com.nimbus.incidents.projector.status;

import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.status.StatusFeedCodec;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the status feed document current, in the same poll as the status page and before
 * the summaries (for the same reason: a retried poll adds the same entries again, which
 * changes nothing). A poll with public changes ({@link StatusFeedEntries}) adds them
 * ({@link StatusFeedDocument#plus}) and replaces the document at the version read,
 * starting from the document as this instance last wrote it (else one read by
 * {@code _id}); a poll without any reads and writes nothing.
 */
@Component
public class StatusFeedProjector {

	static final int ATTEMPTS = 20;

	private final OneDocumentStore store;

	/**
	 * The document as this instance last read or wrote it; only the loop's thread uses
	 * it.
	 */
	private StatusFeedDocument known;

	public StatusFeedProjector(MongoTemplate mongo) {
		this.store = new OneDocumentStore(mongo, ReadModelCollections.STATUS_FEED, ReadModelKeys.STATUS_FEED_ID);
	}

	/**
	 * Adds what a poll did to these incidents to the feed.
	 * @throws StatusPageProjector.StatusPageContended when other instances kept writing
	 * it in between, for the poll to be retried
	 */
	public void project(List<IncidentChange> changes) {
		List<StatusFeedEntry> added = new ArrayList<>();
		for (IncidentChange change : changes) {
			added.addAll(StatusFeedEntries.of(change));
		}
		if (added.isEmpty()) {
			return;
		}
		StatusFeedDocument remembered = this.known;
		this.known = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			boolean fromMemory = attempt == 0 && remembered != null;
			StatusFeedDocument current = fromMemory ? remembered : read();
			StatusFeedDocument next = current.plus(added);
			if (next == current && fromMemory) {
				// nothing to write says the memory: the store must say so too
				continue;
			}
			if (next == current) {
				this.known = current;
				return;
			}
			if (current.version() == 0) {
				next = new StatusFeedDocument(OneDocumentStore.newEpoch(), next.version(), next.entries());
			}
			if (this.store.replace(current.version(), StatusFeedCodec.toDocument(next))) {
				this.known = next;
				return;
			}
		}
		throw new StatusPageProjector.StatusPageContended(
				"The status feed document moved on " + ATTEMPTS + " times while this poll added its entries");
	}

	StatusFeedDocument read() {
		return StatusFeedCodec.fromDocument(this.store.read());
	}

	/**
	 * Forgets the document as this instance last wrote it (a rebalance, a retried poll, a
	 * replay).
	 */
	public void forget() {
		this.known = null;
	}

	/**
	 * Drops the document, for a rebuild.
	 */
	public void drop() {
		this.known = null;
		this.store.drop();
	}

}
