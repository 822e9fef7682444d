package com.nimbus.incidents.projector.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which of one customer's contract versions can be written now, pure. A customer's
 * sequence is gapless from 0, and the contract book reads the versions as a history, so a
 * version is written only once the one before it is: one that arrives ahead of a gap
 * waits (is parked), as an incident event does, and is written when the gap fills.
 */
final class ContractSequence {

	private ContractSequence() {
	}

	/**
	 * @param write the sequences to write now, in order
	 * @param park the sequences that must wait for a gap
	 */
	record Outcome(List<Long> write, List<Long> park) {

	}

	/**
	 * @param stored the sequences already written, among those asked about (each
	 * candidate and the one before it)
	 * @param candidates the sequences delivered now or waiting
	 */
	static Outcome decide(Set<Long> stored, Set<Long> candidates) {
		Set<Long> written = new HashSet<>(stored);
		List<Long> write = new ArrayList<>();
		List<Long> park = new ArrayList<>();
		SortedSet<Long> ordered = new TreeSet<>(candidates);
		for (long sequence : ordered) {
			if (written.contains(sequence)) {
				continue;
			}
			if (sequence == 0 || written.contains(sequence - 1)) {
				write.add(sequence);
				written.add(sequence);
			}
			else {
				park.add(sequence);
			}
		}
		return new Outcome(write, park);
	}

}
