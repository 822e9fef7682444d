package com.nimbus.incidents.query.contract;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.model.Filters;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.query.limits.ReadBudget;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Customers' contract versions from the projector's {@code contract_versions}, as known
 * at a time, each charged to the request's read budget.
 */
@Component
public class ContractBook {

	static final String VERSIONS = ReadModelCollections.CONTRACT_VERSIONS;

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	public ContractBook(MongoTemplate mongo, ReadBudget budget) {
		this.mongo = mongo;
		this.budget = budget;
	}

	/**
	 * Every customer's versions recorded by {@code knownAt} ({@code null}: all), by
	 * customer id.
	 */
	public Map<String, List<ContractVersion>> all(Instant knownAt) {
		return read((knownAt != null) ? Filters.lte("recordedAt", Date.from(knownAt)) : new Document());
	}

	public List<ContractVersion> of(String customerId, Instant knownAt) {
		Bson filter = Filters.eq("customerId", customerId);
		if (knownAt != null) {
			filter = Filters.and(filter, Filters.lte("recordedAt", Date.from(knownAt)));
		}
		return read(filter).getOrDefault(customerId, List.of());
	}

	private Map<String, List<ContractVersion>> read(Bson filter) {
		Map<String, List<ContractVersion>> byCustomer = new TreeMap<>();
		List<Document> versions = new ArrayList<>();
		this.budget.keepAll(ReadBudget.raw(this.mongo.getCollection(VERSIONS)).find(filter), versions);
		for (Document version : versions) {
			String customerId = version.getString("customerId");
			byCustomer.computeIfAbsent(customerId, (id) -> new ArrayList<>())
				.add(new ContractVersion(customerId, version.get("sequence", Number.class).longValue(),
						version.getDate("recordedAt").toInstant(),
						this.mongo.getConverter().read(ContractTerms.class, version.get("terms", Document.class))));
		}
		return byCustomer;
	}

}
