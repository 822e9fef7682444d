package com.nimbus.incidents.localstack;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which writes wait for the group commit before their answer.
 */
class DurableH2BackendTest {

	@Test
	void aWriteWaitsUnlessItsWriteConcernSaysNoJournalOrNoAnswer() {
		assertThat(DurableH2Backend.waitsForJournal(new Document("insert", "x"))).isTrue();
		assertThat(DurableH2Backend.waitsForJournal(
				new Document("insert", "x").append("writeConcern", new Document("w", "majority").append("j", true))))
			.isTrue();
		assertThat(DurableH2Backend
			.waitsForJournal(new Document("insert", "x").append("writeConcern", new Document("w", 1)))).isTrue();
		assertThat(DurableH2Backend.waitsForJournal(
				new Document("insert", "x").append("writeConcern", new Document("w", "majority").append("j", false))))
			.isFalse();
		assertThat(DurableH2Backend
			.waitsForJournal(new Document("insert", "x").append("writeConcern", new Document("w", 0)))).isFalse();
	}

}
