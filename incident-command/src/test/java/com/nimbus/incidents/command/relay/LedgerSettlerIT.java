package com.nimbus.incidents.command.relay;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoSocketException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's removals of delivered batches, on their own thread, against the store the
 * tests use: what is handed over is removed and nothing else, a removal that fails is
 * tried again, and a stop removes what is still waiting first.
 */
class LedgerSettlerIT {

	private final MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString());

	private final MongoDatabase database = this.client.getDatabase("ledger-settler-" + UUID.randomUUID());

	private LedgerSettler settler;

	@AfterEach
	void close() {
		if (this.settler != null) {
			this.settler.stop(Duration.ofSeconds(5));
		}
		this.database.drop();
		this.client.close();
	}

	@Test
	void removesTheEntriesHandedOverAndNoOthers() {
		PendingLedger ledger = new PendingLedger(this.database, "relay-1");
		RelayBatch first = open(ledger, "INC-1");
		RelayBatch second = open(ledger, "INC-2");
		RelayBatch undelivered = open(ledger, "INC-3");
		this.settler = new LedgerSettler(ledger);
		this.settler.start();

		this.settler.settle(List.of(first.ledgerId(), second.ledgerId()));

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count() == 1);
		assertThat(ledger.all()).extracting(PendingLedger.Entry::id).containsExactly(undelivered.ledgerId());
		assertThat(this.settler.waiting()).isZero();
	}

	@Test
	void aRemovalThatFailsIsTriedAgainWithThoseHandedOverMeanwhile() {
		AtomicInteger attempts = new AtomicInteger();
		PendingLedger ledger = new PendingLedger(this.database, "relay-1") {
			@Override
			void settle(java.util.Collection<String> ledgerIds) {
				if (attempts.incrementAndGet() == 1) {
					throw new MongoSocketException("the store went away", new ServerAddress());
				}
				super.settle(ledgerIds);
			}
		};
		RelayBatch first = open(ledger, "INC-1");
		RelayBatch second = open(ledger, "INC-2");
		this.settler = new LedgerSettler(ledger);
		this.settler.start();

		this.settler.settle(List.of(first.ledgerId()));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 1);
		this.settler.settle(List.of(second.ledgerId()));

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count() == 0);
		assertThat(attempts.get()).isBetween(2, 3);
		assertThat(this.settler.waiting()).isZero();
	}

	@Test
	void aStopRemovesWhatIsWaitingFirst() {
		PendingLedger ledger = new PendingLedger(this.database, "relay-1");
		List<String> ids = List.of(open(ledger, "INC-1").ledgerId(), open(ledger, "INC-2").ledgerId(),
				open(ledger, "INC-3").ledgerId());
		LedgerSettler stopping = new LedgerSettler(ledger);
		stopping.start();

		stopping.settle(ids);
		stopping.stop(Duration.ofSeconds(10));

		assertThat(ledger.count()).isZero();
		assertThat(stopping.waiting()).isZero();
	}

	private static RelayBatch open(PendingLedger ledger, String incidentId) {
		return ledger.open(incidentId, 0, 0, List.of(UUID.randomUUID().toString()), null);
	}

}
