package com.nimbus.incidents.query.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;

import com.nimbus.incidents.query.contract.ContractBook;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.catalog.CatalogNames;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console's pickers offer: the services and regions any contract or incident has
 * named together with the admin's list, and the customers of the contract book. Two reads
 * by {@code _id} and one read of the contract versions, each the size of what it answers.
 */
@RestController
class CatalogController {

	private final MongoTemplate mongo;

	private final ContractBook contracts;

	CatalogController(MongoTemplate mongo, ContractBook contracts) {
		this.mongo = mongo;
		this.contracts = contracts;
	}

	/**
	 * @param name the name on the customer's latest contract version; {@code null} when
	 * it has none
	 */
	record CatalogCustomer(String customerId, String name) {
	}

	record Catalog(List<String> services, List<String> regions, List<CatalogCustomer> customers) {
	}

	@GetMapping("/api/catalog")
	Catalog catalog() {
		Document gathered = one(ReadModelCollections.CATALOG, ReadModelKeys.CATALOG_ID);
		Document admin = one(ReadModelCollections.CATALOG_ADMIN, ReadModelKeys.CATALOG_ADMIN_ID);
		return new Catalog(union(gathered, admin, CatalogNames.SERVICES), union(gathered, admin, CatalogNames.REGIONS),
				customers());
	}

	private List<CatalogCustomer> customers() {
		List<CatalogCustomer> customers = new ArrayList<>();
		this.contracts.all(null).forEach((customerId, versions) -> {
			String name = versions.stream()
				.max(Comparator.comparingLong(ContractVersion::sequence))
				.map((latest) -> latest.terms().customerName())
				.filter((given) -> !given.isBlank())
				.orElse(null);
			customers.add(new CatalogCustomer(customerId, name));
		});
		customers.sort(Comparator.comparing(CatalogCustomer::customerId));
		return customers;
	}

	private Document one(String collection, String id) {
		return this.mongo.getCollection(collection).find(new Document("_id", id)).first();
	}

	private static List<String> union(Document gathered, Document admin, String field) {
		SortedSet<String> names = CatalogNames.read(gathered, field);
		names.addAll(CatalogNames.read(admin, field));
		return List.copyOf(names);
	}

}
