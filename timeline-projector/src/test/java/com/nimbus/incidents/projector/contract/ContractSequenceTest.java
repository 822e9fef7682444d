package com.nimbus.incidents.projector.contract;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractSequenceTest {

	@Test
	void theFirstVersionIsWrittenAtOnce() {
		assertThat(ContractSequence.decide(Set.of(), Set.of(0L)))
			.isEqualTo(new ContractSequence.Outcome(List.of(0L), List.of()));
	}

	@Test
	void aVersionAheadOfAGapWaits() {
		assertThat(ContractSequence.decide(Set.of(0L), Set.of(2L)))
			.isEqualTo(new ContractSequence.Outcome(List.of(), List.of(2L)));
		assertThat(ContractSequence.decide(Set.of(), Set.of(1L)))
			.isEqualTo(new ContractSequence.Outcome(List.of(), List.of(1L)));
	}

	@Test
	void theVersionThatFillsTheGapIsWrittenWithThoseWaitingBehindIt() {
		assertThat(ContractSequence.decide(Set.of(0L), Set.of(1L, 2L, 3L, 5L)))
			.isEqualTo(new ContractSequence.Outcome(List.of(1L, 2L, 3L), List.of(5L)));
	}

	@Test
	void aVersionAlreadyWrittenIsNeitherWrittenNorParked() {
		assertThat(ContractSequence.decide(Set.of(0L, 1L), Set.of(1L, 2L)))
			.isEqualTo(new ContractSequence.Outcome(List.of(2L), List.of()));
	}

}
