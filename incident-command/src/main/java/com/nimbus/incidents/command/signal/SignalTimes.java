package com.nimbus.incidents.command.signal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Parses the ISO-8601 times of signals, remembering recent ones: during a storm every
 * alert repeats the same {@code startsAt} (and {@code endsAt}) in every notification, and
 * parsing with {@link OffsetDateTime#parse} was the largest share of the intake's
 * processor time. Only times that parsed are remembered, at most {@value #REMEMBERED}.
 */
final class SignalTimes {

	static final int REMEMBERED = 20_000;

	private static final Cache<String, Instant> PARSED = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

	private SignalTimes() {
	}

	/**
	 * @throws DateTimeParseException when the text is not a time with an offset
	 */
	static Instant parse(String text) {
		Instant known = PARSED.getIfPresent(text);
		if (known != null) {
			return known;
		}
		Instant parsed = OffsetDateTime.parse(text).toInstant();
		PARSED.put(text, parsed);
		return parsed;
	}

}
