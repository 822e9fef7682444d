package com.nimbus.incidents.query.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import org.bson.Document;
import org.bson.RawBsonDocument;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Customers' contract versions from the projector's {@code contract_versions}, as known
 * at a time, each charged to the request's read budget. A customer's versions are read by
 * {@code _id} ({@code customerId:sequence}): the projector writes a customer's versions
 * gapless from 0, so they are read in chunks of sequences until one is missing.
 */
@Component
public class ContractBook {

	static final String VERSIONS = ReadModelCollections.CONTRACT_VERSIONS;

	/**
	 * Sequences asked per customer first: most customers have a few versions.
	 */
	static final int FIRST_CHUNK = 8;

	/**
	 * Ids per {@code $in} read, and sequences asked per customer after the first chunk.
	 */
	static final int CHUNK = 1000;

	private final MongoTemplate mongo;

	private final ReadBudget budget;

	public ContractBook(MongoTemplate mongo, ReadBudget budget) {
		this.mongo = mongo;
		this.budget = budget;
	}

	/**
	 * Every customer's versions recorded by {@code knownAt} ({@code null}: all), by
	 * customer id: a whole read of the versions, one line per customer being what the
	 * caller answers.
	 */
	public Map<String, List<ContractVersion>> all(Instant knownAt) {
		List<Document> versions = new ArrayList<>();
		this.budget.keepAll(collection().find(), versions);
		return byCustomer(versions, knownAt);
	}

	public List<ContractVersion> of(String customerId, Instant knownAt) {
		return of(List.of(customerId), knownAt).getOrDefault(customerId, List.of());
	}

	/**
	 * These customers' versions recorded by {@code knownAt} ({@code null}: all), by
	 * customer id (a customer without any is absent), read by {@code _id}.
	 */
	public Map<String, List<ContractVersion>> of(Collection<String> customerIds, Instant knownAt) {
		List<Document> versions = new ArrayList<>();
		Set<String> pending = new TreeSet<>(customerIds);
		long from = 0;
		int size = FIRST_CHUNK;
		while (!pending.isEmpty()) {
			List<String> ids = new ArrayList<>();
			for (String customerId : pending) {
				for (long sequence = from; sequence < from + size; sequence++) {
					ids.add(ReadModelKeys.contractVersionId(customerId, sequence));
				}
			}
			List<Document> found = new ArrayList<>();
			for (int start = 0; start < ids.size(); start += CHUNK) {
				List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
				this.budget.keepAll(collection().find(Filters.in("_id", chunk)), found);
			}
			Map<String, Integer> counts = new HashMap<>();
			found.forEach((version) -> counts.merge(version.getString("customerId"), 1, Integer::sum));
			versions.addAll(found);
			int asked = size;
			pending.removeIf((customerId) -> counts.getOrDefault(customerId, 0) < asked);
			from += size;
			size = CHUNK;
		}
		return byCustomer(versions, knownAt);
	}

	private Map<String, List<ContractVersion>> byCustomer(List<Document> versions, Instant knownAt) {
		Map<String, List<ContractVersion>> byCustomer = new TreeMap<>();
		for (Document version : versions) {
			Instant recordedAt = version.getDate("recordedAt").toInstant();
			if (knownAt != null && recordedAt.isAfter(knownAt)) {
				continue;
			}
			String customerId = version.getString("customerId");
			byCustomer.computeIfAbsent(customerId, (id) -> new ArrayList<>())
				.add(new ContractVersion(customerId, version.get("sequence", Number.class).longValue(), recordedAt,
						this.mongo.getConverter().read(ContractTerms.class, version.get("terms", Document.class))));
		}
		return byCustomer;
	}

	private MongoCollection<RawBsonDocument> collection() {
		return ReadBudget.raw(this.mongo.getCollection(VERSIONS));
	}

}
