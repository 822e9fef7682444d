package com.nimbus.incidents.readmodel.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
	void anEndedWindowIsListedInEveryMonthItOverlapsAnOpenOneInItsFirst() {
		ImpactWindow crossing = window("compute", "compute-api", "2021-11-30T23:00:00Z", "2022-01-01T00:00:00Z");

		assertThat(Components.months(crossing)).containsExactly(YearMonth.of(2021, 11), YearMonth.of(2021, 12));
		assertThat(Components.months(STORAGE_FOR_GLOBEX)).containsExactly(YearMonth.of(2021, 12));
		Map<String, Map<YearMonth, Set<String>>> incidents = new TreeMap<>();
		Components.add(incidents, "INC-1", List.of(crossing, STORAGE_FOR_GLOBEX));
		Components.add(incidents, "INC-2", List.of(COMPUTE));
		assertThat(incidents).containsExactly(
				Map.entry("compute-api|us-east-1",
						Map.of(YearMonth.of(2021, 11), Set.of("INC-1"), YearMonth.of(2021, 12),
								Set.of("INC-1", "INC-2"))),
				Map.entry("object-storage|us-east-1", Map.of(YearMonth.of(2021, 12), Set.of("INC-1"))));

		Components.Writes writes = Components.addIncidents(incidents);
		assertThat(writes.months()).extracting((write) -> ((UpdateOneModel<Document>) write).getFilter().toString())
			.containsExactly("Document{{_id=compute-api|us-east-1}}", "Document{{_id=object-storage|us-east-1}}");
		assertThat(writes.incidents()).extracting((write) -> ((UpdateOneModel<Document>) write).getFilter().toString())
			.containsExactlyInAnyOrder("Document{{_id=compute-api|us-east-1|2021-11}}",
					"Document{{_id=compute-api|us-east-1|2021-12}}",
					"Document{{_id=object-storage|us-east-1|2021-12}}");
	}

	@Test
	void theKeysOfAPeriodAreTheComponentsMonthsItMeetsAndTheUndatedOne() {
		List<YearMonth> months = Arrays.asList(YearMonth.of(2021, 10), YearMonth.of(2021, 11), YearMonth.of(2021, 12),
				null);

		assertThat(Components.monthKeys("c", months, null, null)).containsExactly("c|2021-10", "c|2021-11", "c|2021-12",
				"c|undated");
		assertThat(Components.monthKeys("c", months, Instant.parse("2021-11-01T00:00:00Z"),
				Instant.parse("2021-12-01T00:00:00Z")))
			.containsExactly("c|2021-11", "c|undated");
		assertThat(Components.monthKeys("c", months, Instant.parse("2021-11-30T23:59:59Z"), null))
			.containsExactly("c|2021-11", "c|2021-12", "c|undated");
		assertThat(Components.monthKeys("c", months, null, Instant.parse("2021-10-01T00:00:01Z")))
			.containsExactly("c|2021-10", "c|undated");
	}

	@Test
	void aMonthIndexListsMonthsInOrderUndatedLast() {
		Map<String, java.util.Set<YearMonth>> months = new java.util.TreeMap<>();
		java.util.Set<YearMonth> component = new java.util.HashSet<>();
		component.add(null);
		component.add(YearMonth.of(2021, 12));
		months.put("compute-api|us-east-1", component);

		UpdateOneModel<Document> write = (UpdateOneModel<Document>) MonthIndex.adds(months).get(0);
		assertThat(((Document) write.getUpdate()).toJson())
			.isEqualTo("{\"$addToSet\": {\"months\": {\"$each\": [\"2021-12\", \"undated\"]}}}");
		assertThat(write.getOptions().isUpsert()).isTrue();
		assertThat(MonthIndex.months(new Document("months", List.of("undated", "2022-01", "2021-12"))))
			.containsExactly(YearMonth.of(2021, 12), YearMonth.of(2022, 1), null);
	}

	private static ImpactWindow window(String impactId, String service, String from, String to, String... named) {
		return new ImpactWindow(impactId, service, "us-east-1", ImpactLevel.MAJOR_OUTAGE, new BigDecimal("0.5"),
				Instant.parse(from), (to != null) ? Instant.parse(to) : null, null, List.of(named), false, 0);
	}

}
