package com.nimbus.incidents.projector.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.catalog.CatalogNames;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the catalog's names ({@link ReadModelCollections#CATALOG}): the services and
 * regions an incident declares or reports an impact on, and those a contract covers. One
 * {@code $addToSet} per poll that names any, which a retried poll repeats harmlessly;
 * nothing is ever taken out (a name once used stays pickable). The admin's list is not
 * the projector's: a rebuild drops only these names, and replays them.
 */
@Component
public class CatalogProjector {

	private final MongoTemplate mongo;

	public CatalogProjector(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Adds the names these applied incident events use.
	 */
	public void incidents(Collection<EventEnvelope> applied) {
		Set<String> services = new TreeSet<>();
		Set<String> regions = new TreeSet<>();
		for (EventEnvelope envelope : applied) {
			if (envelope.payload() instanceof IncidentDeclared declared) {
				services.addAll(nonNull(declared.services()));
				regions.addAll(nonNull(declared.regions()));
			}
			else if (envelope.payload() instanceof ImpactReported reported) {
				services.add(reported.service());
				regions.add(reported.region());
			}
		}
		add(services, regions);
	}

	/**
	 * Adds the services and regions these contract terms cover.
	 */
	public void contracts(Collection<ContractTerms> terms) {
		Set<String> services = new TreeSet<>();
		Set<String> regions = new TreeSet<>();
		terms.forEach((term) -> term.services().forEach((service) -> {
			services.add(service.service());
			regions.addAll(service.regions());
		}));
		add(services, regions);
	}

	private void add(Set<String> services, Set<String> regions) {
		CatalogNames.add(services, regions)
			.ifPresent((write) -> this.mongo.getCollection(ReadModelCollections.CATALOG).bulkWrite(List.of(write)));
	}

	/**
	 * Drops the names, before a replay from the beginning.
	 */
	public void drop() {
		this.mongo.getCollection(ReadModelCollections.CATALOG).drop();
	}

	private static List<String> nonNull(List<String> names) {
		return (names != null) ? names : List.of();
	}

}
