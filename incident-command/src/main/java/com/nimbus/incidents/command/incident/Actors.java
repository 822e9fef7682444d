package com.nimbus.incidents.command.incident;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who issued a command: the subject of the caller's token, never a field of the body.
 */
final class Actors {

	private Actors() {
	}

	static String of(Jwt caller) {
		if (caller == null || caller.getSubject() == null || caller.getSubject().isBlank()) {
			throw new InvalidCommandInput("Authorization", "the token names no subject");
		}
		return caller.getSubject();
	}

}
