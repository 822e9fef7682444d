package com.nimbus.incidents.command.incident;

import java.time.Instant;
import java.util.Map;

import org.axonframework.messaging.MetaData;

/**
 * What the envelope says about an event beyond its payload, carried in Axon's metadata:
 * business time, system time and who issued the command.
 */
public final class EventMetadata {

	public static final String OCCURRED_AT = "occurredAt";

	public static final String RECORDED_AT = "recordedAt";

	public static final String ACTOR = "actor";

	/**
	 * Present ({@code MONITOR}) on the events a monitoring signal caused, so that the
	 * incident tells a person's corrections (final) from monitoring's.
	 */
	public static final String ORIGIN = "origin";

	static final String MONITOR = "MONITOR";

	private EventMetadata() {
	}

	public static MetaData of(Instant occurredAt, CommandContext context) {
		return MetaData.from(Map.of(OCCURRED_AT, occurredAt.toString(), RECORDED_AT, context.recordedAt().toString(),
				ACTOR, context.actor()));
	}

	/**
	 * The metadata of an event a monitoring signal caused.
	 */
	static MetaData ofMonitor(Instant occurredAt, CommandContext context) {
		return of(occurredAt, context).and(ORIGIN, MONITOR);
	}

	static boolean byMonitor(MetaData metaData) {
		return MONITOR.equals(metaData.get(ORIGIN));
	}

	public static Instant occurredAt(MetaData metaData) {
		return Instant.parse((String) metaData.get(OCCURRED_AT));
	}

	public static Instant recordedAt(MetaData metaData) {
		return Instant.parse((String) metaData.get(RECORDED_AT));
	}

	public static String actor(MetaData metaData) {
		return (String) metaData.get(ACTOR);
	}

}
