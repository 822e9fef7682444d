package com.nimbus.incidents.notifier.subscription;

/**
 * A request the API refuses, naming the field: {@code 400} for a malformed field,
 * {@code 422} for a well-formed one that is not allowed (a target the policy refuses).
 */
public class InvalidSubscription extends RuntimeException {

	private final String field;

	private final boolean unprocessable;

	InvalidSubscription(String field, String message, boolean unprocessable) {
		super(message);
		this.field = field;
		this.unprocessable = unprocessable;
	}

	static InvalidSubscription malformed(String field, String message) {
		return new InvalidSubscription(field, message, false);
	}

	static InvalidSubscription refused(String field, String message) {
		return new InvalidSubscription(field, message, true);
	}

	public String field() {
		return this.field;
	}

	public boolean unprocessable() {
		return this.unprocessable;
	}

}
