package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches the {@link EventRelay} finds in the {@link PendingLedger} left by others:
 * at the start, every entry of this service's previous run (or of an instance stopped
 * without a lease); then, every heartbeat, the entries of instances whose
 * {@link RelayOwners lease} ran out, each taken over with a conditional update so that
 * only one instance delivers it. Also says how far back the {@link PublishedLog} reads to
 * know what of them is on the topic already.
 */
final class Leftovers {

	private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

	private final RelayParts parts;

	private final Duration checkWindow;

	private long lastScan;

	Leftovers(RelayParts parts, Duration checkWindow) {
		this.parts = parts;
		this.checkWindow = checkWindow;
	}

	/**
	 * Where the published log starts reading: far enough back to cover what this
	 * service's previous run or a dead instance may have delivered without settling it.
	 */
	Instant readFrom(List<PendingLedger.Entry> entries, Map<String, Instant> heartbeats) {
		Instant since = Instant.now().minus(this.checkWindow);
		for (PendingLedger.Entry entry : entries) {
			Instant last = heartbeats.getOrDefault(entry.owner(), entry.openedAt());
			Instant earliest = (entry.openedAt().isBefore(last)) ? entry.openedAt() : last;
			if (earliest.minus(Duration.ofMinutes(1)).isBefore(since)) {
				since = earliest.minus(Duration.ofMinutes(1));
			}
		}
		return since;
	}

	/**
	 * At most once a heartbeat: the batches of instances whose lease ran out, taken over.
	 * @return them, by aggregate and in sequence order; empty between scans
	 */
	List<RelayBatch> scan() {
		long now = System.nanoTime();
		if (now - this.lastScan < RelayOwners.HEARTBEAT.toNanos()) {
			return List.of();
		}
		this.lastScan = now;
		return takeOver(this.parts.ledger().all(), this.parts.owners().heartbeats(), false);
	}

	/**
	 * The batches of these entries that are this relay's to deliver: at the start its own
	 * and the unowned, and those of dead instances it could take over.
	 * @return them, by aggregate and in sequence order
	 */
	List<RelayBatch> takeOver(List<PendingLedger.Entry> entries, Map<String, Instant> heartbeats, boolean starting) {
		String self = this.parts.ledger().owner();
		List<RelayBatch> taken = new ArrayList<>();
		for (PendingLedger.Entry entry : entries) {
			if (entry.owner() == null || entry.owner().equals(self)) {
				if (starting) {
					taken.add(entry.recovered());
				}
			}
			else if (!this.parts.owners().alive(heartbeats, entry.owner()) && this.parts.ledger().takeOver(entry)) {
				taken.add(entry.recovered());
			}
		}
		if (!taken.isEmpty()) {
			log.info("Delivering {} batches left undelivered by {}", taken.size(),
					starting ? "an earlier run or a stopped instance" : "an instance whose lease ran out");
			taken.sort(Comparator.comparing(RelayBatch::aggregateId).thenComparingLong(RelayBatch::from));
		}
		return taken;
	}

}
