package com.nimbus.incidents.query.impact;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

import com.nimbus.incidents.history.ImpactWindow;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.query.contract.Coverage;
import com.nimbus.incidents.query.contract.CustomerNotFound;
import com.nimbus.incidents.query.incident.ImpactScenario;
import com.nimbus.incidents.query.incident.RandomImpacts;
import com.nimbus.incidents.query.incident.ReadModelSeed;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A customer's incidents from its refs and an incident's affected customers from the
 * customers of its components: the figures of the bundled scenario, and, over incidents
 * and contracts drawn at random, the same answers as the rule applied to every incident
 * and every contract, for every customer and period tried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerViewsIT {

	private static final String DATABASE = "customer_views_it_" + UUID.randomUUID().toString().substring(0, 8);

	static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");

	private static final RandomImpacts RANDOM = new RandomImpacts(20220107L, 6, 60);

	@TestConfiguration
	static class FixedClock {

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	ImpactController controller;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeEach
	void seed() {
		if (this.mongo.getCollection("incident_summaries")
			.find(new Document("_id", ImpactScenario.CONGESTION))
			.first() == null) {
			ImpactScenario.seed(new ReadModelSeed(this.mongo).clear()).flush();
		}
	}

	@Test
	void theScenarioAfterTheCorrection() {
		JsonNode impact = ok("/api/incidents/" + ImpactScenario.CONGESTION + "/impact");
		assertThat(impact.get("version").asLong()).isEqualTo(19);
		assertThat(impact.get("windows")).hasSize(3);
		JsonNode customers = impact.get("affectedCustomers");
		assertThat(customers).hasSize(2);
		// storage-use1 corrected to a full error rate until 04:00: 120,000 x 1.0, 12 h 28
		assertThat(customers.get(0).get("customerId").asString()).isEqualTo("acme");
		assertThat(customers.get(0).get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(120000);
		assertThat(customers.get(0).get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(120000);
		assertThat(customers.get(0).get("exposure").asString()).isEqualTo("PT12H28M");
		assertThat(customers.get(1).get("customerId").asString()).isEqualTo("globex");
		assertThat(customers.get(1).get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(18000);
		assertThat(customers.get(1).get("exposure").asString()).isEqualTo("PT8H58M");
		assertThat(impact.get("estimatedAffectedUsers").get("low").asLong()).isEqualTo(138000);
		assertThat(impact.get("estimatedAffectedUsers").get("high").asLong()).isEqualTo(165000);
		assertThat(impact.get("reportedAffectedUsers").get("low").asLong()).isEqualTo(20000);

		JsonNode acme = ok("/api/customers/acme/incidents");
		assertThat(acme.get("customerName").asString()).isEqualTo("Acme Retail");
		assertThat(acme.get("incidents")).singleElement().satisfies((incident) -> {
			assertThat(incident.get("incidentId").asString()).isEqualTo(ImpactScenario.CONGESTION);
			assertThat(incident.get("windows")).extracting((window) -> window.get("impactId").asString())
				.containsExactly("storage-use1");
			assertThat(incident.get("exposure").asString()).isEqualTo("PT12H28M");
		});
		assertThat(ok("/api/customers/globex/incidents?from=2021-12-08T00:00:00Z").get("incidents")).hasSize(1);
		assertThat(ok("/api/customers/acme/incidents?from=2021-12-08T00:00:00Z").get("incidents")).hasSize(1);
		assertThat(ok("/api/customers/acme/incidents?from=2021-12-08T05:00:00Z").get("incidents")).isEmpty();
		assertThat(ok("/api/customers/acme/incidents?to=2021-12-07T15:32:00Z").get("incidents")).isEmpty();
		assertThat(ok("/api/customers/initech/incidents").get("incidents")).isEmpty();
		assertThat(get("/api/customers/nobody/incidents").getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void overRandomIncidentsAndContractsEveryViewIsTheOneTheRuleGivesOverEverything() {
		RANDOM.seed(new ReadModelSeed(this.mongo).clear());
		try {
			compareEveryView();
		}
		finally {
			new ReadModelSeed(this.mongo).clear();
		}
	}

	private void compareEveryView() {
		TreeMap<String, IncidentState> states = new TreeMap<>();
		RANDOM.logs.forEach((incidentId, log) -> states.put(incidentId, IncidentFold.fold(incidentId, log)));
		String[] times = { null, "2021-06-01T00:00:00Z", "2021-12-01T00:00:00Z", "2022-06-15T12:00:00Z",
				"2022-11-01T00:00:00Z" };
		int compared = 0;
		int found = 0;
		for (String customerId : RANDOM.customers()) {
			for (String from : times) {
				for (String to : times) {
					if (from != null && to != null && !Instant.parse(from).isBefore(Instant.parse(to))) {
						continue;
					}
					ImpactController.CustomerIncidents view = this.controller.customerIncidents(customerId, from, to);
					assertThat(view).as("%s from %s to %s", customerId, from, to)
						.isEqualTo(reference(customerId, from, to, states));
					compared++;
					found += view.incidents().size();
				}
			}
		}
		assertThat(compared).isEqualTo(6 * 15);
		assertThat(found).isGreaterThan(compared);
		assertThatThrownBy(() -> this.controller.customerIncidents("nobody", null, null))
			.isInstanceOf(CustomerNotFound.class);

		int affected = 0;
		for (IncidentState state : states.values()) {
			ImpactController.IncidentImpact impact = this.controller.impact(state.incidentId());
			assertThat(impact).as(state.incidentId()).isEqualTo(referenceImpact(state));
			affected += impact.affectedCustomers().size();
		}
		assertThat(affected).isGreaterThan(states.size() / 2);
	}

	/**
	 * The customer's incidents as computed before its refs: the rule applied to every
	 * incident.
	 */
	private static ImpactController.CustomerIncidents reference(String customerId, String from, String to,
			TreeMap<String, IncidentState> states) {
		Instant fromTime = (from != null) ? Instant.parse(from) : null;
		Instant toTime = (to != null) ? Instant.parse(to) : null;
		Coverage coverage = Coverage.of(RANDOM.contracts.get(customerId));
		List<ImpactController.CustomerIncident> incidents = new ArrayList<>();
		for (IncidentState state : states.values()) {
			List<ImpactWindow> hit = ImpactEstimates.affecting(customerId, coverage, state.impacts(), NOW)
				.stream()
				.filter((window) -> (toTime == null || window.startedAt().isBefore(toTime))
						&& (fromTime == null || window.endedAt() == null || window.endedAt().isAfter(fromTime)))
				.toList();
			if (!hit.isEmpty()) {
				incidents.add(new ImpactController.CustomerIncident(state.incidentId(), state.version(), state.title(),
						String.valueOf(state.severity()), String.valueOf(state.status()), state.declaredAt(),
						hit.stream().map(ImpactController.Window::of).toList(), ImpactEstimates.exposure(hit, NOW)));
			}
		}
		incidents.sort(Comparator
			.comparing(ImpactController.CustomerIncident::declaredAt, Comparator.nullsLast(Comparator.reverseOrder()))
			.thenComparing(ImpactController.CustomerIncident::incidentId));
		return new ImpactController.CustomerIncidents(customerId, coverage.customerName(), incidents);
	}

	/**
	 * The incident's impact as computed before the customers by component: estimated
	 * against every contract.
	 */
	private static ImpactController.IncidentImpact referenceImpact(IncidentState state) {
		TreeMap<String, List<ContractVersion>> all = new TreeMap<>(RANDOM.contracts);
		ImpactEstimates.Estimate estimate = ImpactEstimates.estimate(state.impacts(), all, NOW);
		return new ImpactController.IncidentImpact(state.incidentId(), state.version(),
				state.impacts().stream().map(ImpactController.Window::of).toList(),
				estimate.customers()
					.stream()
					.map((c) -> new ImpactController.Customer(c.customerId(), c.customerName(), c.services(),
							c.regions(), c.activeUsers(), c.estimatedAffectedUsers(), c.exposure()))
					.toList(),
				new ImpactController.Total(estimate.total().low(), estimate.total().high(), "FOOTPRINT"),
				estimate.reported());
	}

	private JsonNode ok(String path) {
		ResponseEntity<String> response = get(path);
		assertThat(response.getStatusCode().value()).as(path + " -> " + response.getBody()).isEqualTo(200);
		return this.json.readTree(response.getBody());
	}

	private ResponseEntity<String> get(String path) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization",
					"Bearer " + TestInfrastructure.issuer().token("cs@nimbus.example", "CUSTOMER_SUCCESS"))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build()
			.get()
			.uri(path)
			.retrieve()
			.toEntity(String.class);
	}

}
