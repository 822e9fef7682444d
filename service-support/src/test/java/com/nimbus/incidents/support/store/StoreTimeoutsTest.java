package com.nimbus.incidents.support.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreTimeoutsTest {

	private static MongoClientSettings settings(String uri) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder();
		StoreTimeouts.settings(uri).customize(builder);
		return builder.build();
	}

	@Test
	void writesWaitForAMajorityJournalUnlessTheConnectionStringNamesAWriteConcern() {
		assertThat(settings("").getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
		assertThat(settings("mongodb://127.0.0.1:27017").getWriteConcern())
			.isEqualTo(WriteConcern.MAJORITY.withJournal(true));
		assertThat(settings("mongodb://127.0.0.1:27017/?w=1").getWriteConcern()).isEqualTo(WriteConcern.W1);
	}

	@Test
	void aStoreThatIsAwayFailsARequestWithinSeconds() {
		MongoClientSettings settings = settings("");
		assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(15);
		assertThat(settings.getServerSettings().getHeartbeatFrequency(TimeUnit.SECONDS)).isEqualTo(2);
	}

}
