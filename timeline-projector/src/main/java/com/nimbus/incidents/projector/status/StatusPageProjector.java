package com.nimbus.incidents.projector.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the status page document current: per poll, the changes of the incidents whose
 * public parts changed are merged into it ({@link StatusPageMerge}) and it is replaced at
 * the version read, starting from the document as this instance last wrote it (else one
 * read by {@code _id}); when another instance wrote it meanwhile, it is read and merged
 * again. A poll that changed nothing public reads and writes nothing. Entries resolved
 * more than 90 days before the projector's clock are pruned on every write.
 * <p>
 * The time this takes shows in {@code projector.status_page} (per poll that had a public
 * change).
 */
@Component
public class StatusPageProjector {

	static final int ATTEMPTS = 20;

	private final StatusPageStore store;

	private final PublicUpdateHistory history;

	private final Clock clock;

	private final Timer timer;

	/**
	 * The document as this instance last read or wrote it, for the next write to start
	 * from instead of reading it again: the replacement is guarded by its version, so one
	 * another instance has moved on only costs a read and a merge more. Only the loop's
	 * thread uses it.
	 */
	private StatusPageDocument known;

	public StatusPageProjector(MongoTemplate mongo, PublicUpdateHistory history, Clock clock, MeterRegistry meters) {
		this.store = new StatusPageStore(mongo);
		this.history = history;
		this.clock = clock;
		this.timer = Timer.builder("projector.status_page")
			.description("Read, merge and write of the status page document in a poll that changed something public")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	/**
	 * Merges what a poll did to these incidents into the document.
	 * @throws StatusPageContended when other instances kept writing it in between, for
	 * the poll to be retried
	 */
	public void project(List<IncidentChange> changes) {
		Instant now = this.clock.instant();
		List<StatusChange> relevant = new ArrayList<>();
		for (IncidentChange change : changes) {
			StatusEntries.change(change, now).ifPresent(relevant::add);
		}
		if (relevant.isEmpty()) {
			return;
		}
		this.timer.record(() -> write(relevant, now));
	}

	private void write(List<StatusChange> changes, Instant now) {
		Map<String, List<StatusPageUpdate>> earlier = new HashMap<>();
		StatusPageDocument remembered = this.known;
		this.known = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			boolean fromMemory = attempt == 0 && remembered != null;
			StatusPageDocument current = fromMemory ? remembered : this.store.read();
			StatusPageDocument next = StatusPageMerge.merge(current, changes, now,
					(change) -> earlier.computeIfAbsent(change.incidentId(),
							(incidentId) -> this.history.upTo(incidentId, change.earlierUpTo())));
			if (next == current && fromMemory) {
				// nothing to write says the memory: the store must say so too (it may
				// have been dropped meanwhile)
				continue;
			}
			if (next == current) {
				this.known = current;
				return;
			}
			StatusPageDocument written = this.store.replace(current.version(), next);
			if (written != null) {
				this.known = written;
				return;
			}
		}
		throw new StatusPageContended(
				"The status page document moved on " + ATTEMPTS + " times while this poll merged its changes");
	}

	/**
	 * Forgets the document as this instance last wrote it (on a rebalance, a retried
	 * poll, a replay): the next write reads it from the store.
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

	/**
	 * Whether there is a document (even one that shows nothing).
	 */
	public boolean exists() {
		return this.store.read().version() > 0;
	}

	/**
	 * Stores a document that shows nothing unless there is one: the mark that the
	 * document is kept, whatever it shows.
	 */
	public void ensureExists() {
		this.store.replace(0, StatusPageDocument.empty().next(List.of()));
	}

	/**
	 * Other instances kept writing the document while this one merged.
	 */
	public static class StatusPageContended extends RuntimeException {

		StatusPageContended(String message) {
			super(message);
		}

	}

}
