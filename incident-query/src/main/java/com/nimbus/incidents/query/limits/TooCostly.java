package com.nimbus.incidents.query.limits;

/**
 * A read that would cost more than one request may use (HTTP 422): the client has to
 * narrow it (a smaller page, a shorter range, one customer), since asking again would
 * cost the same.
 */
public class TooCostly extends RuntimeException {

	public TooCostly(String message) {
		super(message);
	}

}
