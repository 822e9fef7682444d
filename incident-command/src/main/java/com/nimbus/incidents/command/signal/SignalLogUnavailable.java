package com.nimbus.incidents.command.signal;

/**
 * The {@code signals} topic did not acknowledge a body's signals in time (HTTP 503 with
 * {@code Retry-After}): the sender retries, and a signal written after all is a repeat.
 */
class SignalLogUnavailable extends RuntimeException {

	SignalLogUnavailable(String message) {
		super(message);
	}

}
