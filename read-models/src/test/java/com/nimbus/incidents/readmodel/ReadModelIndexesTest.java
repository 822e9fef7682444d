package com.nimbus.incidents.readmodel;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declared secondary indexes of the read models, exactly: the embedded store accepts
 * and lists them but uses none, so this set is what a real MongoDB is given.
 */
class ReadModelIndexesTest {

	/**
	 * Names and keys, in order (the JSON of the key document).
	 */
	@Test
	void everyQueryThatIsNotByIdHasItsIndex() {
		Map<String, Map<String, String>> declared = new LinkedHashMap<>();
		ReadModelIndexes.byCollection()
			.forEach((collection, indexes) -> indexes
				.forEach((index) -> declared.computeIfAbsent(collection, (name) -> new LinkedHashMap<>())
					.put(index.name(), index.keyDocument().toJson())));

		assertThat(declared).isEqualTo(Map.of(ReadModelCollections.INCIDENT_LIST,
				Map.of("list_by_declared", "{\"declaredAt\": -1, \"_id\": -1}", "list_by_status",
						"{\"status\": 1, \"declaredAt\": -1, \"_id\": -1}", "list_by_severity",
						"{\"severity\": 1, \"declaredAt\": -1, \"_id\": -1}", "list_by_service",
						"{\"services\": 1, \"declaredAt\": -1, \"_id\": -1}", "list_by_region",
						"{\"regions\": 1, \"declaredAt\": -1, \"_id\": -1}", "list_by_id_and_version",
						"{\"_id\": 1, \"version\": 1}"),
				ReadModelCollections.INCIDENT_SUMMARIES,
				Map.of("summary_by_id_and_version", "{\"_id\": 1, \"version\": 1}"),
				ReadModelCollections.INCIDENT_LIST_BUCKETS, Map.of("buckets_by_revision", "{\"_id\": 1, \"rev\": 1}")));
	}

	/**
	 * The embedded store uses a unique index only for a query naming exactly its keys:
	 * the unique ones are the guards of the projector's replacements, nothing else.
	 */
	@Test
	void onlyTheGuardsOfReplacementsAreUnique() {
		assertThat(ReadModelIndexes.ALL.stream().filter(ReadModelIndex::unique).map(ReadModelIndex::name))
			.containsExactly("summary_by_id_and_version", "list_by_id_and_version", "buckets_by_revision");
	}

	@Test
	void namesAreUniquePerCollection() {
		Set<String> names = new HashSet<>();
		for (ReadModelIndex index : ReadModelIndexes.ALL) {
			assertThat(names.add(index.collection() + "." + index.name())).as(index.name()).isTrue();
		}
	}

	@Test
	void theListIsSortedByItsIndexes() {
		for (ReadModelIndex index : ReadModelIndexes.byCollection().get(ReadModelCollections.INCIDENT_LIST)) {
			if (index.unique()) {
				// the guard of the projector's replacements, not a listing index
				continue;
			}
			List<ReadModelIndex.Key> keys = index.keys();
			assertThat(keys.subList(keys.size() - 2, keys.size())).as(index.name())
				.containsExactly(ReadModelIndex.desc(IncidentListDocument.DECLARED_AT),
						ReadModelIndex.desc(IncidentListDocument.ID));
			assertThat(IncidentListDocument.FIELDS).containsAll(keys.stream().map(ReadModelIndex.Key::field).toList());
		}
	}

}
