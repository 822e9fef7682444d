package com.nimbus.incidents.readmodel.customer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbus.incidents.history.ImpactWindow;

/**
 * Which customers a window may concern, shared by the views that connect customers and
 * incidents: those that ever contracted its service in its region
 * ({@link Components#customers}), when it names no customers or names them. A customer's
 * incidents are found through its components' months ({@link Components}), then the exact
 * rule is applied to each incident read.
 */
public final class CustomerIncidents {

	private CustomerIncidents() {
	}

	/**
	 * Whether a window concerns a customer: it names no customers, or this one.
	 */
	public static boolean concerns(ImpactWindow window, String customerId) {
		return window.affectedCustomerIds().isEmpty() || window.affectedCustomerIds().contains(customerId);
	}

	/**
	 * The customers an incident's windows may touch.
	 * @param customersByComponent the customers that ever contracted each component
	 */
	public static Set<String> candidates(Collection<ImpactWindow> windows,
			Map<String, ? extends Collection<String>> customersByComponent) {
		Set<String> customers = new TreeSet<>();
		for (ImpactWindow window : windows) {
			Collection<String> contracted = customersByComponent.get(Components.of(window));
			if (contracted == null) {
				continue;
			}
			for (String customerId : contracted) {
				if (concerns(window, customerId)) {
					customers.add(customerId);
				}
			}
		}
		return customers;
	}

}
