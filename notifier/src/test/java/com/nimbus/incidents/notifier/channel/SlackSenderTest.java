package com.nimbus.incidents.notifier.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.HttpReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class SlackSenderTest {

	private static final String LINK = "<http://127.0.0.1:8080/incidents/INC-7KQ2M4|Open INC-7KQ2M4 in the console>";

	private final HttpDelivery http = new HttpDelivery(new UrlTargetPolicy(true), Duration.ofSeconds(2),
			Duration.ofSeconds(5), 8192);

	private final SlackSender sender = new SlackSender(this.http);

	@AfterEach
	void close() {
		this.http.close();
	}

	@Test
	void aPublicUpdateReadsAsWhatChangedInWhichIncidentWithALink() throws Exception {
		JsonNode body = post(TestNotifications.of("StatusUpdatePosted",
				"{\"status\":\"IDENTIFIED\",\"message\":\"We found the bad push\",\"public\":true}"));

		assertThat(body).isEqualTo(TestNotifications.JSON.readTree(
				"""
						{"text": "SEV1 incident 'Checkout down': public update: Identified %1$s",
						 "blocks": [
						  {"type": "section", "text": {"type": "mrkdwn", "text": "*SEV1 incident 'Checkout down': public update: Identified*"}},
						  {"type": "section", "text": {"type": "mrkdwn", "text": "We found the bad push"}},
						  {"type": "context", "elements": [{"type": "mrkdwn", "text": "%1$s · status INVESTIGATING · StatusUpdatePosted #3"}]}
						 ]}
						"""
					.formatted(LINK)));
	}

	@Test
	void anImpactAndAResolutionReadAsSentences() throws Exception {
		JsonNode impact = post(TestNotifications.of("ImpactReported",
				"{\"impactId\":\"imp-1\",\"service\":\"api\",\"region\":\"us-east-1\",\"level\":\"MAJOR_OUTAGE\",\"startedAt\":\"2021-12-07T15:32:00Z\"}"));
		assertThat(impact.path("text").asText())
			.isEqualTo("SEV1 incident 'Checkout down': Major outage of api in us-east-1 since 15:32 UTC " + LINK);
		assertThat(impact.path("blocks")).hasSize(2);

		JsonNode resolved = post(TestNotifications.of("IncidentResolved", "{\"summary\":\"Config reverted\"}",
				new IncidentSnapshot("INC-7KQ2M4", "Checkout down", "SEV1", "RESOLVED", 9)));
		assertThat(resolved.path("blocks").get(0).path("text").path("text").asText())
			.isEqualTo("*SEV1 incident 'Checkout down' resolved*");
		assertThat(resolved.path("blocks").get(1).path("text").path("text").asText()).isEqualTo("Config reverted");
		assertThat(resolved.path("blocks").get(2).path("elements").get(0).path("text").asText())
			.isEqualTo(LINK + " · status RESOLVED · IncidentResolved #3");
	}

	@Test
	void userTypedTextCannotMentionAChannelOrForgeALink() throws Exception {
		JsonNode body = post(
				TestNotifications.of("NoteAdded", "{\"text\":\"<!channel> see <https://evil.example|the fix> & more\"}",
						new IncidentSnapshot("INC-7KQ2M4", "Checkout <b> & co", "SEV2", "INVESTIGATING", 5)));

		assertThat(body.path("text").asText())
			.isEqualTo("SEV2 incident 'Checkout &lt;b&gt; &amp; co': note added " + LINK);
		assertThat(body.path("blocks").get(1).path("text").path("text").asText())
			.isEqualTo("&lt;!channel&gt; see &lt;https://evil.example|the fix&gt; &amp; more");
	}

	@Test
	void longTextIsCutUnderSlacksLimitNeverInsideAnEntity() throws Exception {
		String note = "a".repeat(2898) + "<<" + "b".repeat(5000);
		JsonNode body = post(TestNotifications.of("NoteAdded", "{\"text\":\"" + note + "\"}"));
		String section = body.path("blocks").get(1).path("text").path("text").asText();
		assertThat(section).isEqualTo("a".repeat(2898) + "…");
		assertThat(SlackMessage.cut("x".repeat(2896) + "&amp;&lt;")).isEqualTo("x".repeat(2896) + "…");
		assertThat(SlackMessage.cut("x".repeat(2895) + "&amp;&lt;")).isEqualTo("x".repeat(2895) + "&amp;…");
	}

	private JsonNode post(OutgoingNotification notification) throws Exception {
		try (HttpReceiver slack = new HttpReceiver((request) -> Answer.of(200, "ok"))) {
			DeliveryOutcome outcome = this.sender
				.send(notification, new Destination("sub-2", ChannelKind.SLACK, slack.url("/services/T0/B0/x"), null))
				.get(10, TimeUnit.SECONDS);
			assertThat(outcome.result()).isEqualTo(Result.DELIVERED);
			assertThat(slack.received()).hasSize(1);
			assertThat(slack.received().get(0).headers().getFirst("Content-Type"))
				.isEqualTo("application/json; charset=utf-8");
			return TestNotifications.JSON.readTree(slack.received().get(0).body());
		}
	}

}
