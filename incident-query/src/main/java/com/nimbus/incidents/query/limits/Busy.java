package com.nimbus.incidents.query.limits;

/**
 * A read that could not get its share of the read budget in time because other reads hold
 * it (HTTP 503 with {@code Retry-After}): the same request will likely succeed a moment
 * later, unlike a {@link TooCostly} one.
 */
public class Busy extends RuntimeException {

	public Busy(String message) {
		super(message);
	}

}
