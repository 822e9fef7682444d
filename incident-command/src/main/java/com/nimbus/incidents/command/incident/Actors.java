package com.nimbus.incidents.command.incident;

/**
 * Who issued a command. Until sign-in arrives the caller names itself in {@code X-Actor};
 * the body never does.
 */
final class Actors {

	static final String ANONYMOUS = "anonymous";

	private Actors() {
	}

	static String of(String header) {
		if (header == null || header.isBlank()) {
			return ANONYMOUS;
		}
		String actor = header.strip();
		if (actor.length() > 200 || !actor.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			throw new InvalidCommandInput(IncidentController.ACTOR_HEADER,
					"X-Actor must be at most 200 printable ASCII characters");
		}
		return actor;
	}

}
