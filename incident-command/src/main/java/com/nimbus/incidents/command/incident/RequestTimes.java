package com.nimbus.incidents.command.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The times a request carries, checked against the platform's clock: none may lie more
 * than five minutes in the future (clock skew allowed, predictions not). Times are kept
 * to the millisecond, the precision the stores and the log keep.
 */
final class RequestTimes {

	static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

	private final Instant now;

	RequestTimes(Clock clock) {
		this.now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	Instant now() {
		return this.now;
	}

	/**
	 * The given time, or {@code null} when absent.
	 */
	Instant optional(String field, Instant value) {
		if (value == null) {
			return null;
		}
		if (value.isAfter(this.now.plus(FUTURE_TOLERANCE))) {
			throw new InvalidCommandInput(field, field + " " + value + " is more than " + FUTURE_TOLERANCE.toMinutes()
					+ " minutes in the future (now is " + this.now + ")");
		}
		return value.truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * The given time, or now when absent.
	 */
	Instant orNow(String field, Instant value) {
		Instant checked = optional(field, value);
		return (checked != null) ? checked : this.now;
	}

	CommandContext context(String field, Instant occurredAt, String actor) {
		return new CommandContext(orNow(field, occurredAt), this.now, actor);
	}

}
