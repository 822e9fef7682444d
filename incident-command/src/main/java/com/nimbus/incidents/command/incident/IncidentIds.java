package com.nimbus.incidents.command.incident;

import java.security.SecureRandom;

/**
 * Short, unguessable, readable ids: {@code INC-} or {@code IMP-} and ten characters of
 * Crockford's base 32 (no I, L, O or U), 50 random bits.
 */
public final class IncidentIds {

	/**
	 * The request attribute naming the id a declaration must take, when one was assigned
	 * before the command ran (a declaration with an {@code Idempotency-Key}: its retry
	 * must name the same incident).
	 */
	public static final String ASSIGNED_ID = "com.nimbus.incidents.command.incident.IncidentIds.assigned";

	static final String INCIDENT_PATTERN = "INC-[0-9A-HJKMNP-TV-Z]{10}";

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private IncidentIds() {
	}

	public static String newIncidentId() {
		return "INC-" + random(10);
	}

	static String newImpactId() {
		return "IMP-" + random(10);
	}

	/**
	 * An id of the same shape derived from a seed: the same seed gives the same id, so
	 * that a signal taken in twice declares one incident and opens one window.
	 */
	public static String derived(String prefix, String seed) {
		byte[] digest;
		try {
			digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
		StringBuilder id = new StringBuilder(prefix);
		for (int i = 0; i < 10; i++) {
			id.append(ALPHABET[(digest[i] & 0xff) % ALPHABET.length]);
		}
		return id.toString();
	}

	static boolean isIncidentId(String value) {
		return value != null && value.matches(INCIDENT_PATTERN);
	}

	private static String random(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return id.toString();
	}

}
