package com.nimbus.incidents.query.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.IncidentDeclared;
import com.nimbus.incidents.events.IncidentEvent;
import com.nimbus.incidents.events.NoteAdded;
import com.nimbus.incidents.events.ResponderAssigned;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentFold;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
 * The anonymous status page says only what was published: an incident declared with a
 * secret title, note, responder and customer shows none of them, nor its id, until a
 * public update gives it a public title; then it shows that title and the public message,
 * and still no secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicStatusIT {

	private static final String DATABASE = "status_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String INCIDENT = "INC-SECRETID01";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<EventEnvelope> log = new ArrayList<>();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> TestInfrastructure.mongo().connectionString());
		registry.add("spring.mongodb.database", () -> DATABASE);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> TestInfrastructure.issuer().publicKeyLocation());
	}

	@BeforeEach
	void declareASecretIncident() {
		this.mongo.getCollection("incident_summaries").drop();
		this.log.clear();
		append(new IncidentDeclared("SECRET-internal-title-123", Severity.SEV2, "SECRET-summary",
				DetectionSource.CUSTOMER_REPORT, null, List.of("object-storage"), List.of("eu-west-1")));
		append(new ResponderAssigned("secret.responder@nimbus.example", ResponderRole.COMMANDER));
		append(new NoteAdded("SECRET-note"));
		append(new ImpactReported("storage-euw1", "object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE,
				new BigDecimal("0.2"), Instant.parse("2026-11-30T07:00:00Z"), null, null, List.of("SECRET-customer")));
		append(new StatusUpdatePosted(UpdateStatus.INVESTIGATING, "SECRET-internal-update", false));
	}

	@Test
	void anIncidentThatPublishedNothingShowsOnlyItsComponentsAndTheGenericText() {
		String body = anonymousStatus();

		assertNoSecret(body);
		JsonNode storage = component(this.json.readTree(body), "object-storage", "eu-west-1");
		assertThat(storage.get("status").asString()).isEqualTo("PARTIAL_OUTAGE");
		JsonNode incident = storage.get("incidents").get(0);
		assertThat(incident.get("title").asString()).isEqualTo("We are investigating reports of degraded service");
		assertThat(incident.get("latestMessage").isNull()).isTrue();
	}

	@Test
	void aPublicUpdateWithAPublicTitleIsWhatTheStatusPageShows() {
		append(new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "Some requests to object storage fail.", true,
				"Elevated errors in eu-west-1"));

		String body = anonymousStatus();

		assertNoSecret(body);
		JsonNode incident = component(this.json.readTree(body), "object-storage", "eu-west-1").get("incidents").get(0);
		assertThat(incident.get("title").asString()).isEqualTo("Elevated errors in eu-west-1");
		assertThat(incident.get("latestMessage").asString()).isEqualTo("Some requests to object storage fail.");
		assertThat(incident.get("latestStatus").asString()).isEqualTo("IDENTIFIED");
		assertThat(body).doesNotContain("We are investigating reports of degraded service");
	}

	private static void assertNoSecret(String body) {
		assertThat(body).contains("object-storage")
			.doesNotContain("SECRET")
			.doesNotContain(INCIDENT)
			.doesNotContain("secret.responder")
			.doesNotContain("dana@nimbus.example");
	}

	private static JsonNode component(JsonNode page, String service, String region) {
		for (JsonNode component : page.get("services")) {
			if (component.get("service").asString().equals(service)
					&& component.get("region").asString().equals(region)) {
				return component;
			}
		}
		throw new AssertionError("no " + service + "/" + region + " in " + page);
	}

	/** Folds the log so far and stores its summary the way the projector does. */
	private void append(IncidentEvent payload) {
		int sequence = this.log.size();
		this.log.add(EventEnvelope.of("e-" + sequence, INCIDENT, sequence,
				Instant.parse("2026-11-30T07:00:00Z").plusSeconds(sequence),
				Instant.parse("2026-11-30T07:10:00Z").plusSeconds(sequence), "dana@nimbus.example", payload));
		IncidentState state = IncidentFold.fold(INCIDENT, this.log);
		Document converted = new Document();
		this.mongo.getConverter().write(state, converted);
		Document summary = new Document("_id", INCIDENT).append("version", state.version())
			.append("title", state.title())
			.append("state", converted)
			.append("parked", List.of());
		this.mongo.getCollection("incident_summaries")
			.replaceOne(new Document("_id", INCIDENT), summary, new ReplaceOptions().upsert(true));
	}

	private String anonymousStatus() {
		ResponseEntity<String> response = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, ignored) -> {
			})
			.build()
			.get()
			.uri("/api/status")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
		return response.getBody();
	}

}
