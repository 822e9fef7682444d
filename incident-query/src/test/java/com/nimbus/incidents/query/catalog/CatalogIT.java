package com.nimbus.incidents.query.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import com.nimbus.incidents.query.incident.ReadModelSeed;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/catalog}: the names the projector gathered and the admin's list as one
 * sorted list each, the customers of the contract book with the name of their latest
 * version; every signed-in role but MONITOR reads it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogIT {

	private static final String DATABASE = "catalog_it_" + UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@Test
	void namesFromContractsIncidentsAndTheAdminListWithTheContractBooksCustomers() {
		this.mongo.getCollection(ReadModelCollections.CATALOG)
			.insertOne(
					new Document("_id", ReadModelKeys.CATALOG_ID).append("services", List.of("object-storage", "api"))
						.append("regions", List.of("us-east-1", "eu-west-1")));
		this.mongo.getCollection(ReadModelCollections.CATALOG_ADMIN)
			.insertOne(new Document("_id", ReadModelKeys.CATALOG_ADMIN_ID).append("services", List.of("billing", "api"))
				.append("regions", List.of("ap-south-1")));
		new ReadModelSeed(this.mongo).clear()
			.contract("globex", 0, Instant.parse("2021-01-01T00:00:00Z"), terms("Globex"))
			.contract("acme", 0, Instant.parse("2021-01-01T00:00:00Z"), terms("Acme Retail"))
			.contract("acme", 1, Instant.parse("2022-01-01T00:00:00Z"), terms("Acme Corp"))
			.flush();

		for (String role : List.of("VIEWER", "RESPONDER", "CUSTOMER_SUCCESS", "FINANCE", "ADMIN")) {
			ResponseEntity<String> response = get(role);
			assertThat(response.getStatusCode().value()).as(role + ": " + response.getBody()).isEqualTo(200);
			var catalog = this.json.readTree(response.getBody());
			assertThat(catalog.get("services").valueStream().map((node) -> node.asString())).containsExactly("api",
					"billing", "object-storage");
			assertThat(catalog.get("regions").valueStream().map((node) -> node.asString()))
				.containsExactly("ap-south-1", "eu-west-1", "us-east-1");
			assertThat(catalog.get("customers")).hasSize(2);
			assertThat(catalog.get("customers").get(0).get("customerId").asString()).isEqualTo("acme");
			assertThat(catalog.get("customers").get(0).get("name").asString()).isEqualTo("Acme Corp");
			assertThat(catalog.get("customers").get(1).get("customerId").asString()).isEqualTo("globex");
			assertThat(catalog.get("customers").get(1).get("name").asString()).isEqualTo("Globex");
		}
	}

	@Test
	void anonymousCallersGet401AndMonitors403() {
		assertThat(get(null).getStatusCode().value()).isEqualTo(401);
		ResponseEntity<String> monitor = get("MONITOR");
		assertThat(monitor.getStatusCode().value()).isEqualTo(403);
		assertThat(monitor.getHeaders().getContentType().toString()).startsWith("application/problem+json");
	}

	private static ContractTerms terms(String name) {
		return new ContractTerms(name, 1000, Instant.parse("2021-01-01T00:00:00Z"),
				List.of(new ServiceTerms("api", List.of("eu-west-1"), new Money(new BigDecimal("100.00"), "USD"),
						new SlaTerms(SlaMeasurement.AVAILABILITY, List.of(ImpactLevel.MAJOR_OUTAGE), null,
								List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))))));
	}

	private ResponseEntity<String> get(String role) {
		RestClient.Builder client = RestClient.builder().baseUrl("http://127.0.0.1:" + this.port);
		if (role != null) {
			client.defaultHeader("Authorization",
					"Bearer " + TestInfrastructure.issuer().token(role.toLowerCase() + "@nimbus.example", role));
		}
		return client.defaultStatusHandler((status) -> true, (request, response) -> {
		}).build().get().uri("/api/catalog").retrieve().toEntity(String.class);
	}

}
