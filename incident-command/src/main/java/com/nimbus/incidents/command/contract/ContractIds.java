package com.nimbus.incidents.command.contract;

/**
 * A contract is an aggregate of its own, stored beside incidents; its aggregate id is the
 * customer id with a prefix that no incident id has.
 */
public final class ContractIds {

	static final String PREFIX = "contract:";

	private ContractIds() {
	}

	public static String aggregateId(String customerId) {
		return PREFIX + customerId;
	}

	public static boolean isContract(String aggregateId) {
		return aggregateId.startsWith(PREFIX);
	}

	public static String customerId(String aggregateId) {
		return aggregateId.substring(PREFIX.length());
	}

}
