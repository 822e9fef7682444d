package com.nimbus.incidents.query.incident;

/**
 * A query parameter with a value that is not allowed (HTTP 400).
 */
public class InvalidQuery extends RuntimeException {

	private final String parameter;

	public InvalidQuery(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
