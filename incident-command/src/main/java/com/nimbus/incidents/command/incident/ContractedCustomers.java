package com.nimbus.incidents.command.incident;

import java.util.Collection;
import java.util.List;

/**
 * The contract book as the incident's writes need it: which customer ids have a contract.
 * An impact naming a customer without one would silently take that window away from the
 * customer meant (a typo is no customer), so it is refused.
 */
public interface ContractedCustomers {

	/**
	 * The ids among these that no contract has, in the order given, each once.
	 */
	List<String> withoutContract(Collection<String> customerIds);

}
