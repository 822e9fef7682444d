package com.nimbus.incidents.projector.consumer;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What a partition's committed offset says about rebuilds: the generation it was replayed
 * for, and while that replay goes on, the offset where it ends (-1 once reached). It
 * travels as the metadata of the committed offset ({@code rebuild-generation=3} or
 * {@code rebuild-generation=3;replay-until=1200}), so that whoever holds the partition
 * next knows, without asking anyone, whether to replay it and whether a replay is under
 * way. This record is the only place that reads or writes that text.
 */
record Replay(long generation, long until) {

	private static final String GENERATION = "rebuild-generation=";

	private static final String UNTIL = ";replay-until=";

	/**
	 * What an offset committed before any rebuild says: generation 0, no replay.
	 */
	static final Replay NONE = new Replay(0, -1);

	boolean replaying() {
		return this.until >= 0;
	}

	/**
	 * The state once the partition has been consumed up to {@code next}: the replay ends
	 * there when {@code next} reaches {@code until}.
	 */
	Replay at(long next) {
		return (replaying() && next >= this.until) ? new Replay(this.generation, -1) : this;
	}

	/**
	 * The metadata to commit with offset {@code next}; the end of the replay is left out
	 * once {@code next} has reached it.
	 */
	String metadata(long next) {
		return GENERATION + this.generation + (endsAfter(next) ? UNTIL + this.until : "");
	}

	/**
	 * Whether the replay goes on past {@code next}: what an offset committed there says.
	 */
	boolean endsAfter(long next) {
		return this.until > next;
	}

	/**
	 * An offset committed without this metadata (none yet, or by an older version), or
	 * with metadata this version cannot read, counts as generation 0, before any rebuild.
	 */
	static Replay of(OffsetAndMetadata committed) {
		String metadata = (committed != null) ? committed.metadata() : null;
		if (metadata == null || !metadata.startsWith(GENERATION)) {
			return NONE;
		}
		try {
			int untilAt = metadata.indexOf(UNTIL);
			long generation = Long
				.parseLong(metadata.substring(GENERATION.length(), (untilAt >= 0) ? untilAt : metadata.length()));
			long until = (untilAt >= 0) ? Long.parseLong(metadata.substring(untilAt + UNTIL.length())) : -1;
			return new Replay(generation, (until > committed.offset()) ? until : -1);
		}
		catch (NumberFormatException ex) {
			return NONE;
		}
	}

}
