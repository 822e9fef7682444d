package com.nimbus.incidents.command.relay;

/**
 * What the relay works with besides Kafka's producer: its ledger and the leases of the
 * instances, where it stands on the topics, the guard against a diverged store, where
 * dead letters go, how batches are read back, and the topics themselves.
 */
record RelayParts(PendingLedger ledger, RelayOwners owners, PublishedLog published, DivergenceGuard guard,
		RelayDeadLetters deadLetters, BatchLoader loader, Topics topics) {

}
