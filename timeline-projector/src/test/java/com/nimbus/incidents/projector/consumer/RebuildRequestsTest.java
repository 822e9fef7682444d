package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The request side of a rebuild against a stand-in for the control document.
 */
class RebuildRequestsTest {

	private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

	private final RebuildControl control = mock(RebuildControl.class);

	private final RecordsHandler timeline = mock(RecordsHandler.class);

	private final RecordsHandler contracts = mock(RecordsHandler.class);

	private final Runnable indexes = mock(Runnable.class);

	private final RebuildRequests requests = new RebuildRequests(this.control, List.of(this.timeline, this.contracts),
			this.indexes, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void aRequestIsRecordedThenEachReadModelDroppedUnderAFreshHeartbeatThenItsIndexesCreatedThenTheGenerationAdvanced() {
		when(this.control.renew(anyString(), any(), any())).thenReturn(true);
		when(this.control.advance(anyString())).thenReturn(4L);

		assertThat(this.requests.request()).isEqualTo(4);

		InOrder order = inOrder(this.control, this.timeline, this.contracts, this.indexes);
		order.verify(this.control).open(anyString(), eq(NOW));
		order.verify(this.control).renew(anyString(), eq(NOW), eq(NOW.plusMillis(1)));
		order.verify(this.timeline).reset();
		order.verify(this.control).renew(anyString(), eq(NOW.plusMillis(1)), eq(NOW.plusMillis(2)));
		order.verify(this.contracts).reset();
		order.verify(this.indexes).run();
		order.verify(this.control).advance(anyString());
		assertThat(this.requests.pending(3)).isTrue();
		assertThat(this.requests.pending(4)).isFalse();
	}

	@Test
	void aRequestTakenOverBeforeAnyDropDropsNothingAndAnswersTheCurrentGeneration() {
		when(this.control.renew(anyString(), any(), any())).thenReturn(false);
		when(this.control.read()).thenReturn(new RebuildControl.State(7, Map.of()));

		assertThat(this.requests.request()).isEqualTo(7);

		verify(this.timeline, never()).reset();
		verify(this.indexes, never()).run();
		verify(this.control, never()).advance(anyString());
	}

	@Test
	void aRequestTakenOverAfterADropCreatesTheIndexesAgainAndAdvances() {
		when(this.control.renew(anyString(), any(), any())).thenReturn(true, false);
		when(this.control.advance(anyString())).thenReturn(5L);

		assertThat(this.requests.request()).isEqualTo(5);

		InOrder order = inOrder(this.timeline, this.indexes, this.control);
		order.verify(this.timeline).reset();
		order.verify(this.indexes).run();
		order.verify(this.control).advance(anyString());
		verify(this.contracts, never()).reset();
	}

	@Test
	void aRequestWhoseHeartbeatOutlivedTheLeaseIsFinishedByTheNextCheck() {
		Instant stale = NOW.minus(RebuildControl.LEASE).minusSeconds(1);
		when(this.control.read()).thenReturn(new RebuildControl.State(2, Map.of("abandoned", stale)),
				new RebuildControl.State(3, Map.of()));
		when(this.control.renew(eq("abandoned"), any(), any())).thenReturn(true);
		when(this.control.advance("abandoned")).thenReturn(3L);

		assertThat(this.requests.due()).isEqualTo(OptionalLong.of(3));

		verify(this.control).renew("abandoned", stale, NOW);
		verify(this.timeline).reset();
		verify(this.contracts).reset();
		verify(this.indexes).run();
		verify(this.control).advance("abandoned");
	}

	@Test
	void aLiveRequestIsLeftToItsOwner() {
		when(this.control.read()).thenReturn(new RebuildControl.State(2, Map.of("live", NOW.minusSeconds(5))));

		assertThat(this.requests.due()).isEqualTo(OptionalLong.of(2));

		verify(this.control, never()).renew(anyString(), any(), any());
		verify(this.timeline, never()).reset();
	}

	@Test
	void theGenerationIsReadAtMostOnceASecondUnlessACheckIsAskedFor() {
		when(this.control.read()).thenReturn(new RebuildControl.State(1, Map.of()));

		assertThat(this.requests.due()).isEqualTo(OptionalLong.of(1));
		assertThat(this.requests.due()).isEmpty();
		this.requests.checkSoon();
		assertThat(this.requests.due()).isEqualTo(OptionalLong.of(1));
	}

	@Test
	void aFailedCheckIsDueAgainAtOnce() {
		when(this.control.read()).thenThrow(new IllegalStateException("store away"))
			.thenReturn(new RebuildControl.State(1, Map.of()));

		assertThatThrownBy(this.requests::due).isInstanceOf(IllegalStateException.class);
		assertThat(this.requests.due()).isEqualTo(OptionalLong.of(1));
	}

}
