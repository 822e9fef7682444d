package com.nimbus.incidents.command.incident;

/**
 * A field whose value is wrong in itself or against the incident's facts, such as an end
 * before the impact's start (HTTP 400).
 */
public class InvalidCommandInput extends RuntimeException {

	private final String field;

	public InvalidCommandInput(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
