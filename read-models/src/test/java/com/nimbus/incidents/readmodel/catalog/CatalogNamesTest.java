package com.nimbus.incidents.readmodel.catalog;

import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogNamesTest {

	@Test
	void namesAreAddedOnceSortedWithOneUpsertByKey() {
		var write = CatalogNames.add(List.of("object-storage", "api", "api"), Set.of("us-east-1")).orElseThrow();

		assertThat(write.getFilter().toBsonDocument().toJson()).isEqualTo("{\"_id\": \"names\"}");
		assertThat(write.getUpdate().toBsonDocument().toJson()).isEqualTo(
				"{\"$addToSet\": {\"services\": {\"$each\": [\"api\", \"object-storage\"]}, \"regions\": {\"$each\": [\"us-east-1\"]}}}");
		assertThat(write.getOptions().isUpsert()).isTrue();
	}

	@Test
	void onlyTheListsWithNamesAreTouchedAndNoNamesWriteNothing() {
		var write = CatalogNames.add(List.of(), List.of("eu-west-1", " ")).orElseThrow();
		assertThat(write.getUpdate().toBsonDocument().toJson())
			.isEqualTo("{\"$addToSet\": {\"regions\": {\"$each\": [\"eu-west-1\"]}}}");
		assertThat(CatalogNames.add(List.of(), List.of())).isEmpty();
	}

	@Test
	void aMissingDocumentReadsAsNoNames() {
		assertThat(CatalogNames.read(null, CatalogNames.SERVICES)).isEmpty();
		assertThat(CatalogNames.read(new Document("services", List.of("b", "a")), CatalogNames.SERVICES))
			.containsExactly("a", "b");
	}

}
