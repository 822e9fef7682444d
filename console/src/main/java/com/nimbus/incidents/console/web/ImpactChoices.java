package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * What the impact form offers: the incident's own services and regions first, then the
 * rest of the catalog ({@code GET /api/catalog}), and the contract book's customers to
 * tick. Without a catalog (the query service does not serve one, or refuses) the form
 * falls back to typed text and says so.
 *
 * @param services the incident's services, then the catalog's others
 * @param regions the incident's regions, then the catalog's others
 * @param customers the contract book, sorted as the catalog sorts it
 * @param catalog whether the catalog answered
 */
record ImpactChoices(List<String> services, List<String> regions, List<Customer> customers, boolean catalog) {

	/**
	 * @param customerId the contract's customer id
	 * @param label what the form shows: the name and the id, or the id alone
	 */
	record Customer(String customerId, String label) {
	}

	static ImpactChoices read(Api api, JsonNode incident) {
		Answer answer = api.read("/api/catalog");
		JsonNode catalog = answer.ok() ? answer.body() : null;
		List<Customer> customers = new ArrayList<>();
		if (catalog != null) {
			for (JsonNode customer : catalog.path("customers")) {
				String id = customer.path("customerId").asString("");
				String name = customer.path("name").isString() ? customer.path("name").asString() : null;
				if (!id.isBlank()) {
					customers.add(new Customer(id, (name != null && !name.isBlank()) ? name + " (" + id + ")" : id));
				}
			}
		}
		return new ImpactChoices(merged(incident.path("services"), (catalog != null) ? catalog.path("services") : null),
				merged(incident.path("regions"), (catalog != null) ? catalog.path("regions") : null),
				List.copyOf(customers), catalog != null);
	}

	private static List<String> merged(JsonNode own, JsonNode catalog) {
		Set<String> names = new LinkedHashSet<>();
		own.forEach((name) -> names.add(name.asString()));
		if (catalog != null) {
			catalog.forEach((name) -> names.add(name.asString()));
		}
		names.removeIf(String::isBlank);
		return List.copyOf(names);
	}

}
