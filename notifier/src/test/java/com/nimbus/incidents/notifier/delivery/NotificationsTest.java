package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;

import com.nimbus.incidents.notifier.channel.IncidentSnapshot;
import com.nimbus.incidents.notifier.channel.OutgoingNotification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

	private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

	private final Notifications notifications = new Notifications("http://127.0.0.1:8080/");

	@Test
	void theEnvelopeIsAsOnTheTopicAndTheLinkPointsAtTheIncident() {
		String envelope = "{\"eventId\":\"e1\",\"incidentId\":\"INC-1\",\"sequence\":4,\"type\":\"ImpactReported\","
				+ "\"payload\":{\"errorRate\":0.40,\"service\":\"dns\"}}";
		StoredEvent event = new StoredEvent("e1", "INC-1", 4, "ImpactReported", T0, T0.plusSeconds(1), envelope,
				new IncidentSnapshot("INC-1", "DNS", "SEV2", "IDENTIFIED", 4));
		OutgoingNotification notification = this.notifications.of(event);
		assertThat(notification.envelope().toString()).isEqualTo(envelope);
		assertThat(notification.notificationId()).isEqualTo("e1");
		assertThat(notification.consoleUrl()).isEqualTo("http://127.0.0.1:8080/incidents/INC-1");
		assertThat(notification.incident()).isEqualTo(event.incident());
		assertThat(notification.recordedAt()).isEqualTo(T0.plusSeconds(1));
		// every send gets its own copy: a channel may change it
		notification.envelope().put("incident", "changed");
		assertThat(this.notifications.of(event).envelope().has("incident")).isFalse();
	}

	@Test
	void aTestNotificationHasItsOwnIdAndSaysWhatItIs() {
		OutgoingNotification first = this.notifications.test(T0);
		OutgoingNotification second = this.notifications.test(T0);
		assertThat(first.notificationId()).startsWith("test-").isNotEqualTo(second.notificationId());
		assertThat(first.eventType()).isEqualTo("NotificationTest");
		assertThat(first.envelope().get("eventId").asText()).isEqualTo(first.notificationId());
		assertThat(first.incident().id()).isEqualTo("TEST");
	}

}
