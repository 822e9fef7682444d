package com.nimbus.incidents.query.contract;

/**
 * No contract names the customer (HTTP 404).
 */
public class CustomerNotFound extends RuntimeException {

	public CustomerNotFound(String customerId) {
		super("No contract is known for customer " + customerId);
	}

}
