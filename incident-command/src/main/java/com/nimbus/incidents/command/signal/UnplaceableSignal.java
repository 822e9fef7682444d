package com.nimbus.incidents.command.signal;

/**
 * A signal that names no service or region: no route can place it (HTTP 422).
 */
class UnplaceableSignal extends RuntimeException {

	private final String field;

	UnplaceableSignal(String field, String message) {
		super(message);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
