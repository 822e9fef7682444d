package com.nimbus.incidents.command.relay;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-aggregate order across instances. Two instances may append to one incident in turn
 * (22 through one, 23 through the other), and each relays its own batches; a batch must
 * not reach the topic before the one ahead of it that another instance still holds in its
 * ledger, whether that instance is alive, stopped or dead and not yet taken over.
 * <p>
 * A batch whose previous sequence this relay has sent itself, or has seen on the topic,
 * or that follows a batch ahead of it in the same cycle, goes at once: nothing of its
 * aggregate can be pending elsewhere before it. Any other batch (the first of an
 * aggregate since this process started, or one after a sequence another instance wrote)
 * is checked against the ledger: the earliest sequence of its aggregate pending in
 * another instance's entry, if any, makes it wait. That check is one scan of the ledger
 * (entries in flight only) per cycle that has such batches, and none in the steady state
 * of a single instance. Worker's own.
 */
final class SequenceGate {

	private static final int REMEMBERED = 50_000;

	private final PendingLedger ledger;

	private final PublishedLog published;

	/** Per aggregate, the last sequence this relay had acknowledged by Kafka. */
	private final Map<String, Long> lastSent = new LinkedHashMap<>(1024, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > REMEMBERED;
		}
	};

	SequenceGate(PendingLedger ledger, PublishedLog published) {
		this.ledger = ledger;
		this.published = published;
	}

	/**
	 * For the aggregates of the cycle that have a batch whose previous sequence is not
	 * known to be delivered, the earliest sequence pending in another instance's ledger
	 * entry; a batch of such an aggregate from above that sequence must wait.
	 * @throws com.mongodb.MongoException when the ledger cannot be read
	 */
	Map<String, Long> earlierElsewhere(List<RelayBatch> cycle) {
		Map<String, Long> next = new HashMap<>();
		Set<String> unsure = new HashSet<>();
		for (RelayBatch batch : cycle) {
			String aggregate = batch.aggregateId();
			Long expected = next.get(aggregate);
			if (expected == null) {
				long last = Math.max(this.lastSent.getOrDefault(aggregate, -1L), this.published.published(aggregate));
				expected = last + 1;
			}
			if (batch.from() > expected) {
				unsure.add(aggregate);
			}
			next.put(aggregate, Math.max(expected, batch.to() + 1));
		}
		return unsure.isEmpty() ? Map.of() : this.ledger.earliestOfOthers(unsure);
	}

	/**
	 * Records what Kafka has acknowledged: only the events sent, which are the batch's
	 * own (an append that failed sends nothing, and its sequence may be another
	 * instance's, still pending).
	 */
	void sent(String aggregateId, List<Outgoing> records) {
		for (Outgoing record : records) {
			this.lastSent.merge(aggregateId, record.sequence(), Math::max);
		}
	}

}
