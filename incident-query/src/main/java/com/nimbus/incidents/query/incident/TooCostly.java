package com.nimbus.incidents.query.incident;

/**
 * A read that would cost more than the service allows (HTTP 422).
 */
public class TooCostly extends RuntimeException {

	public TooCostly(String message) {
		super(message);
	}

}
