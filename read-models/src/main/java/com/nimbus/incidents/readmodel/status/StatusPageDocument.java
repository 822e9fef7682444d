package com.nimbus.incidents.readmodel.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one document the public status page is rendered from: the incidents it shows
 * ({@link StatusPageIncident#shownAt}), whatever the number of incidents in the log.
 *
 * @param epoch chosen when the document is first stored and kept by every replacement: a
 * document dropped by a rebuild and stored again counts its versions from 1 again, and
 * the epoch tells it from the one before; {@code null} before the first write
 * @param version {@code 0} before the first write, then one more per change: the guard of
 * the projector's optimistic replacement and, with the epoch, how the query service sees
 * that there is something new
 * @param incidents ordered by declaration, then incident id
 */
public record StatusPageDocument(String epoch, long version, List<StatusPageIncident> incidents) {

	/**
	 * How far back the page's history and uptime go.
	 */
	public static final Duration HISTORY = Duration.ofDays(90);

	public StatusPageDocument {
		incidents = List.copyOf(incidents);
	}

	public static StatusPageDocument empty() {
		return new StatusPageDocument(null, 0, List.of());
	}

	/**
	 * The next version of this document, with these incidents.
	 */
	public StatusPageDocument next(List<StatusPageIncident> changed) {
		return new StatusPageDocument(this.epoch, this.version + 1, changed);
	}

	static Instant millis(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS) : null;
	}

}
