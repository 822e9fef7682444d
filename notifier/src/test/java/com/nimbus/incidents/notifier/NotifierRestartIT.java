package com.nimbus.incidents.notifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.notifier.support.Api;
import com.nimbus.incidents.notifier.support.Receiver;
import com.nimbus.incidents.notifier.support.Receiver.Received;
import com.nimbus.incidents.notifier.support.TestEvents;
import com.nimbus.incidents.testinfra.TestInfrastructure;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier stopped in the middle of delivering and started again on the same store
 * and consumer group: every event reaches the receiver, in order per incident, and none
 * is answered 2xx twice.
 */
class NotifierRestartIT {

	private static final String TOPIC = "incident-events-notifier-restart-" + UUID.randomUUID();

	private static final String DATABASE = "notifier_restart_" + UUID.randomUUID().toString().substring(0, 8);

	private static final String GROUP = "notifier-restart-" + UUID.randomUUID();

	private static ConfigurableApplicationContext start() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", "0");
		properties.put("notifier.allow-local-targets", "true");
		properties.put("spring.mongodb.uri", TestInfrastructure.mongo().connectionString());
		properties.put("spring.mongodb.database", DATABASE);
		properties.put("kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers());
		properties.put("kafka.topic", TOPIC);
		properties.put("kafka.group-id", GROUP);
		properties.put("kafka.max-poll-records", "20");
		properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
				TestInfrastructure.issuer().publicKeyLocation());
		// as arguments: they outrank application.yml, as the platform's arguments do
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(NotifierApplication.class).run(arguments);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void stoppedMidDeliveryAndStartedAgainEveryEventArrivesOnceInOrder() throws Exception {
		TestEvents.createTopic(TOPIC);
		try (Receiver receiver = new Receiver()) {
			receiver.answer("/restart", 200, 40);
			ConfigurableApplicationContext first = start();
			Api api = new Api(port(first));
			String alice = Api.token("alice@example.com", "RESPONDER");
			Api.Answer created = api.post("/api/subscriptions", "{\"channel\":\"WEBHOOK\",\"target\":\""
					+ receiver.url("/restart") + "\",\"filter\":{\"services\":[\"storage\"]}}", alice);
			assertThat(created.status()).isEqualTo(201);
			List<EventEnvelope> published = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				published.addAll(TestEvents.incident("INC-R" + i + UUID.randomUUID().toString().substring(0, 4),
						"Storage " + i, Severity.SEV2, List.of("storage"), 39));
			}
			TestEvents events = new TestEvents(TOPIC, first.getBean(JsonMapper.class));
			events.publish(published);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered("/restart").size() >= 15);
			first.close();
			int beforeRestart = receiver.delivered("/restart").size();
			assertThat(beforeRestart).as("stopped in the middle").isLessThan(published.size());

			ConfigurableApplicationContext second = start();
			try {
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.until(() -> published.stream().allMatch((event) -> receiver.timesDelivered(event.eventId()) > 0));
				Thread.sleep(500);
			}
			finally {
				second.close();
			}
			for (EventEnvelope event : published) {
				assertThat(receiver.timesDelivered(event.eventId())).as("2xx answers to %s", event.eventId())
					.isEqualTo(1);
			}
			List<Received> delivered = receiver.delivered("/restart");
			assertThat(delivered).hasSize(published.size());
			Map<String, Long> last = new HashMap<>();
			for (Received request : delivered) {
				long previous = last.getOrDefault(request.incidentId(), -1L);
				assertThat(request.sequence()).as("order of %s", request.incidentId()).isEqualTo(previous + 1);
				last.put(request.incidentId(), request.sequence());
			}
		}
	}

}
