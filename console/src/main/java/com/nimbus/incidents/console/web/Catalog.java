package com.nimbus.incidents.console.web;

import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The names the forms offer instead of free text (incident-query's
 * {@code GET /api/catalog}): services and regions that contracts, incidents and the
 * administrators name, and the customers of the contract book. When it cannot be read
 * ({@code available} false) the forms fall back to free text and say so.
 *
 * @param available whether the catalog could be read
 * @param services service names, sorted
 * @param regions region names, sorted
 * @param customers the contract book's customers, by id
 * @param problem why it could not be read, or {@code null}
 */
record Catalog(boolean available, List<String> services, List<String> regions, List<Customer> customers,
		String problem) {

	/**
	 * A customer under contract.
	 *
	 * @param customerId its id
	 * @param name its name, or {@code null} when the contract has none
	 */
	record Customer(String customerId, String name) {

		/** The name to show: "Acme Corp (acme)", or the id alone. */
		public String label() {
			return (this.name == null || this.name.isBlank()) ? this.customerId
					: this.name + " (" + this.customerId + ")";
		}

	}

	static Catalog read(Api api) {
		Answer answer = api.read("/api/catalog");
		if (!answer.ok() || answer.body() == null || !answer.body().path("services").isArray()) {
			return new Catalog(false, List.of(), List.of(), List.of(),
					answer.ok() ? "the catalog's answer has no services" : answer.detail());
		}
		List<Customer> customers = new ArrayList<>();
		for (JsonNode customer : answer.body().path("customers")) {
			JsonNode name = customer.path("name");
			customers
				.add(new Customer(customer.path("customerId").asString(""), name.isString() ? name.asString() : null));
		}
		return new Catalog(true, names(answer.body().path("services")), names(answer.body().path("regions")),
				List.copyOf(customers), null);
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((name) -> {
			if (name.isString() && !name.asString().isBlank()) {
				names.add(name.asString());
			}
		});
		return names.stream().distinct().sorted().toList();
	}

}
