package com.nimbus.incidents.command.incident;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.nimbus.incidents.command.IncidentCommandApplication;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command instances on one store, each holding the incidents it used in its cache:
 * when the other instance has written to an incident since, a command is still accepted
 * (the stale cached incident is dropped and read again), never answered 409, and the log
 * has each version once.
 */
class TwoInstancesIT {

	private static final String TOPIC = "incident-events-two-it-" + UUID.randomUUID();

	private static final String DATABASE = "command_two_it_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String CALLER = TestInfrastructure.issuer().token("dana@nimbus.example", "RESPONDER");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		first = start();
		second = start();
	}

	@AfterAll
	static void stop() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		// as command-line arguments: they come before application.yml
		return new SpringApplicationBuilder(IncidentCommandApplication.class).run("--server.port=0",
				"--spring.mongodb.uri=" + TestInfrastructure.mongo().connectionString(),
				"--spring.mongodb.database=" + DATABASE,
				"--kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(), "--kafka.topic=" + TOPIC,
				"--kafka.contract-topic=" + TOPIC + "-contracts", "--catalog.read-database=" + DATABASE + "_read",
				"--spring.security.oauth2.resourceserver.jwt.public-key-location="
						+ TestInfrastructure.issuer().publicKeyLocation());
	}

	private static String url(ConfigurableApplicationContext instance, String path) {
		return "http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path;
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String body)
			throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url(instance, path)))
			.header("Authorization", "Bearer " + CALLER)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static long accepted(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
		JsonNode body = JSON.readTree(response.body());
		return body.get("version").asLong();
	}

	@Test
	void aCommandOnAnIncidentTheOtherInstanceChangedIsAcceptedNotRefused() throws Exception {
		HttpResponse<String> declared = post(first, "/api/incidents", """
				{"title":"Two instances","severity":"SEV3","summary":"s","detectionSource":"CUSTOMER_REPORT",
				 "services":["checkout"],"regions":["eu-west-1"]}""");
		long version = accepted(declared);
		String incident = JSON.readTree(declared.body()).get("incidentId").asString();
		String notes = "/api/incidents/" + incident + "/notes";
		List<Long> versions = new ArrayList<>(List.of(version));
		// the first instance caches the incident; the second then writes to it; the
		// first's
		// copy is stale at each turn
		for (int turn = 0; turn < 6; turn++) {
			ConfigurableApplicationContext instance = (turn % 2 == 0) ? first : second;
			versions.add(accepted(post(instance, notes, "{\"text\":\"turn " + turn + "\"}")));
		}
		assertThat(versions).containsExactly(version, version + 1, version + 2, version + 3, version + 4, version + 5,
				version + 6);
		List<Long> stored = new ArrayList<>();
		first.getBean(MongoClient.class)
			.getDatabase(DATABASE)
			.getCollection("domainevents")
			.find(new Document("aggregateIdentifier", incident))
			.sort(new Document("sequenceNumber", 1))
			.forEach((event) -> stored.add(event.get("sequenceNumber", Number.class).longValue()));
		assertThat(stored).as("each version once, no gap").containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
	}

}
