package com.nimbus.incidents.query.status;

/**
 * The status page has not been rendered yet since the service started (the store could
 * not be read): HTTP 503 with {@code Retry-After}.
 */
public class StatusPageNotReady extends RuntimeException {

	StatusPageNotReady(String message) {
		super(message);
	}

}
