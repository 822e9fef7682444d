package com.nimbus.incidents.projector.consumer;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {

	@Test
	void aReplayUnderWayRoundTripsWithItsEnd() {
		Replay replay = new Replay(3, 1200);

		String metadata = replay.metadata(40);

		assertThat(metadata).isEqualTo("rebuild-generation=3;replay-until=1200");
		assertThat(Replay.of(new OffsetAndMetadata(40, metadata))).isEqualTo(new Replay(3, 1200));
	}

	@Test
	void aFinishedReplayRoundTripsWithoutAnEnd() {
		String metadata = new Replay(3, -1).metadata(1500);

		assertThat(metadata).isEqualTo("rebuild-generation=3");
		assertThat(Replay.of(new OffsetAndMetadata(1500, metadata))).isEqualTo(new Replay(3, -1));
	}

	@Test
	void theEndIsLeftOutOnceTheCommittedOffsetReachesIt() {
		assertThat(new Replay(2, 100).metadata(100)).isEqualTo("rebuild-generation=2");
		assertThat(Replay.of(new OffsetAndMetadata(100, "rebuild-generation=2;replay-until=100")))
			.isEqualTo(new Replay(2, -1));
		assertThat(Replay.of(new OffsetAndMetadata(150, "rebuild-generation=2;replay-until=100")))
			.isEqualTo(new Replay(2, -1));
	}

	@Test
	void aReplayEndsWhenTheNextOffsetReachesItsEnd() {
		Replay replay = new Replay(4, 10);

		assertThat(replay.at(9)).isEqualTo(new Replay(4, 10));
		assertThat(replay.at(9).replaying()).isTrue();
		assertThat(replay.at(10)).isEqualTo(new Replay(4, -1));
		assertThat(replay.at(10).replaying()).isFalse();
		assertThat(new Replay(4, -1).at(99)).isEqualTo(new Replay(4, -1));
	}

	@Test
	void anOffsetCommittedWithoutMetadataOrByAnOlderVersionIsGenerationZero() {
		assertThat(Replay.of(null)).isEqualTo(new Replay(0, -1));
		assertThat(Replay.of(new OffsetAndMetadata(7))).isEqualTo(new Replay(0, -1));
		assertThat(Replay.of(new OffsetAndMetadata(7, ""))).isEqualTo(new Replay(0, -1));
		assertThat(Replay.of(new OffsetAndMetadata(7, "committed-by=v0.0.9"))).isEqualTo(new Replay(0, -1));
	}

	@Test
	void garbageAfterTheKeyIsToleratedAsGenerationZero() {
		assertThat(Replay.of(new OffsetAndMetadata(7, "rebuild-generation=three"))).isEqualTo(Replay.NONE);
		assertThat(Replay.of(new OffsetAndMetadata(7, "rebuild-generation=3;replay-until=soon")))
			.isEqualTo(Replay.NONE);
		assertThat(Replay.of(new OffsetAndMetadata(7, "rebuild-generation="))).isEqualTo(Replay.NONE);
	}

}
