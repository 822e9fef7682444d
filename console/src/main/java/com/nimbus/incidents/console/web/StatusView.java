package com.nimbus.incidents.console.web;

import java.util.List;

/**
 * The public status page as people read it, built once per version of the status page
 * incident-query serves ({@link StatusViews#of}): the overall state in one sentence, the
 * affected components (worst first), each active incident once with its public updates
 * newest first, the other components grouped by service, and the resolved incidents of
 * the last 90 days. Times stay instants (ISO, to the second) for the template to write to
 * the minute in UTC and for the reader's local time beside them; durations are already
 * words.
 *
 * @param sentence "All systems operational", "Major outage affecting 2 components"
 * @param overall the worst level, or {@code OPERATIONAL}: the sentence's colour
 * @param generatedAt when incident-query rendered it
 */
record StatusView(String sentence, String overall, String generatedAt, List<Component> affected,
		List<ActiveIncident> incidents, List<ServiceGroup> services, List<PastIncident> history) {

	static final String OPERATIONAL = "OPERATIONAL";

	/** Worst first: the order affected components and levels are shown in. */
	static final List<String> LEVELS = List.of("MAJOR_OUTAGE", "PARTIAL_OUTAGE", "DEGRADED_PERFORMANCE");

	static int rank(String level) {
		int rank = LEVELS.indexOf(level);
		return (rank < 0) ? LEVELS.size() : rank;
	}

	/**
	 * One service in one region.
	 *
	 * @param level its level, or {@code OPERATIONAL}
	 * @param levelWords "Major outage", "Operational"
	 * @param uptime its 90 days, or {@code null} when the page has none for it
	 */
	record Component(String service, String region, String level, String levelWords, StatusUptime.Bar uptime) {

		public String name() {
			return this.service + " · " + this.region;
		}

	}

	/**
	 * The components of one service that are not affected now.
	 */
	record ServiceGroup(String service, List<Component> components) {

	}

	/**
	 * An active incident, once however many components it affects.
	 *
	 * @param title its public title, or the generic text while it has none
	 * @param level the worst level of its components
	 * @param since when its earliest open window started
	 * @param components where it is felt: "dns · us-east-1 (Major outage)"
	 * @param updates its public updates, newest first
	 */
	record ActiveIncident(String title, String level, String levelWords, String since, List<String> components,
			List<Update> updates) {

	}

	/**
	 * A public status update.
	 *
	 * @param status "Identified"
	 * @param at when it was posted
	 */
	record Update(String status, String at, String message) {

	}

	/**
	 * A resolved incident of the last 90 days.
	 *
	 * @param lasted from its earliest window's start to its resolution, in words ("2 h 5
	 * min"), or {@code null} without windows
	 * @param updates newest first
	 */
	record PastIncident(String title, String resolvedAt, String lasted, List<Window> windows, List<Update> updates) {

	}

	/**
	 * @param lasted "6 h", in words
	 */
	record Window(String component, String levelWords, String startedAt, String endedAt, String lasted) {

	}

}
