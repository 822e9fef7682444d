package com.nimbus.incidents.readmodel.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.UpdateOneModel;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.history.ImpactWindow;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIncidentsTest {

	private static final ImpactWindow COMPUTE = window("compute", "compute-api", "2021-12-07T15:30:00Z",
			"2021-12-08T00:28:00Z");

	private static final ImpactWindow STORAGE_FOR_GLOBEX = window("storage", "object-storage", "2021-12-07T15:00:00Z",
			null, "globex");

	@Test
	void theCandidatesAreTheCustomersOfAWindowsComponentThatItConcerns() {
		Map<String, Set<String>> customers = Map.of("compute-api|us-east-1", Set.of("acme", "initech"),
				"object-storage|us-east-1", Set.of("acme", "globex"));

		assertThat(CustomerIncidents.candidates(List.of(COMPUTE, STORAGE_FOR_GLOBEX), customers))
			.containsExactly("acme", "globex", "initech");
		assertThat(CustomerIncidents.candidates(List.of(STORAGE_FOR_GLOBEX), customers)).containsExactly("globex");
		assertThat(CustomerIncidents.candidates(List.of(COMPUTE), Map.of())).isEmpty();
	}

	@Test
	void aRefSpansTheWindowsThatConcernTheCustomerOpenWhileOneIs() {
		assertThat(CustomerIncidents.ref("INC-1", 7, "acme", List.of(COMPUTE, STORAGE_FOR_GLOBEX)))
			.contains(new CustomerIncidents.Ref("INC-1", 7, Instant.parse("2021-12-07T15:30:00Z"),
					Instant.parse("2021-12-08T00:28:00Z")));
		assertThat(CustomerIncidents.ref("INC-1", 7, "globex", List.of(COMPUTE, STORAGE_FOR_GLOBEX)))
			.contains(new CustomerIncidents.Ref("INC-1", 7, Instant.parse("2021-12-07T15:00:00Z"), null));
		assertThat(CustomerIncidents.ref("INC-1", 7, "acme", List.of(STORAGE_FOR_GLOBEX))).isEmpty();
	}

	@Test
	void aRefMayOverlapAPeriodByTheRuleTheViewAppliesToEachWindow() {
		CustomerIncidents.Ref ended = new CustomerIncidents.Ref("INC-1", 1, Instant.parse("2021-12-07T15:30:00Z"),
				Instant.parse("2021-12-08T00:28:00Z"));
		CustomerIncidents.Ref open = new CustomerIncidents.Ref("INC-1", 1, Instant.parse("2021-12-07T15:30:00Z"), null);

		assertThat(ended.mayOverlap(null, null)).isTrue();
		assertThat(ended.mayOverlap(Instant.parse("2021-12-08T00:28:00Z"), null)).isFalse();
		assertThat(ended.mayOverlap(Instant.parse("2021-12-08T00:27:59Z"), null)).isTrue();
		assertThat(ended.mayOverlap(null, Instant.parse("2021-12-07T15:30:00Z"))).isFalse();
		assertThat(open.mayOverlap(Instant.parse("2030-01-01T00:00:00Z"), null)).isTrue();
	}

	@Test
	void aRefIsWrittenAsTheMaximumOfItsSequenceTaggedValueAndReadBack() {
		UpdateOneModel<Document> write = (UpdateOneModel<Document>) CustomerIncidents.write("acme",
				new CustomerIncidents.Ref("INC-1.x$", 7, Instant.parse("2021-12-07T15:30:00Z"), null));

		assertThat(((Document) write.getFilter()).toJson()).isEqualTo("{\"_id\": \"acme\"}");
		assertThat(((Document) write.getUpdate()).toJson())
			.isEqualTo("{\"$max\": {\"refs.INC-1%2Ex%24\": {\"sequence\": 7, \"firstStart\": {\"$date\": "
					+ "\"2021-12-07T15:30:00Z\"}, \"lastEnd\": null}}}");
		assertThat(write.getOptions().isUpsert()).isTrue();
		Document stored = new Document("_id", "acme").append("refs", new Document("INC-1%2Ex%24",
				((Document) ((Document) write.getUpdate()).get("$max")).get("refs.INC-1%2Ex%24")));
		assertThat(CustomerIncidents.refs(stored))
			.containsExactly(new CustomerIncidents.Ref("INC-1.x$", 7, Instant.parse("2021-12-07T15:30:00Z"), null));
		assertThat(CustomerIncidents.incidentId(CustomerIncidents.field("100%.$"))).isEqualTo("100%.$");
	}

	private static ImpactWindow window(String impactId, String service, String from, String to, String... named) {
		return new ImpactWindow(impactId, service, "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, List.of(named), false, 0);
	}

}
