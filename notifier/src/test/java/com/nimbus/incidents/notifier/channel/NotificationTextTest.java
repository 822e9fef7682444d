package com.nimbus.incidents.notifier.channel;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationTextTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
							IncidentDeclared | {"title":"Checkout down","severity":"SEV1","summary":"Card payments fail","services":["api","web"],"regions":["us-east-1"]} | SEV1 incident 'Checkout down' declared
							ResponderAssigned | {"person":"bob@example.com","role":"SUBJECT_MATTER_EXPERT"} | SEV1 incident 'Checkout down': bob@example.com assigned as subject matter expert
							ResponderReleased | {"person":"bob@example.com","role":"COMMANDER"} | SEV1 incident 'Checkout down': bob@example.com released as commander
							ActionRecorded | {"kind":"ROLLBACK","description":"Rolled back the config push"} | SEV1 incident 'Checkout down': rollback recorded
							SeverityChanged | {"from":"SEV2","to":"SEV1","reason":"All regions"} | SEV1 incident 'Checkout down': severity changed from SEV2 to SEV1
							StatusUpdatePosted | {"status":"IDENTIFIED","message":"We found it","public":true} | SEV1 incident 'Checkout down': public update: Identified
							StatusUpdatePosted | {"status":"MONITORING","message":"Watching","public":false} | SEV1 incident 'Checkout down': internal update: Monitoring
							ImpactReported | {"impactId":"imp-1","service":"api","region":"us-east-1","level":"MAJOR_OUTAGE","startedAt":"2021-12-07T15:32:00Z"} | SEV1 incident 'Checkout down': Major outage of api in us-east-1 since 15:32 UTC
							ImpactReported | {"impactId":"imp-1","service":"api","region":"eu-west-1","level":"DEGRADED_PERFORMANCE","errorRate":0.125,"startedAt":"2021-12-06T23:05:00Z","endedAt":"2021-12-07T01:00:00Z"} | SEV1 incident 'Checkout down': Degraded performance of api in eu-west-1 since 2021-12-06 23:05 UTC until 01:00 UTC (error rate 12.5%)
							ImpactEnded | {"impactId":"imp-1","endedAt":"2021-12-07T16:05:00Z"} | SEV1 incident 'Checkout down': impact ended at 16:05 UTC
							ImpactCorrected | {"impactId":"imp-1","level":"PARTIAL_OUTAGE","startedAt":"2021-12-07T15:20:00Z","reason":"Earlier than thought"} | SEV1 incident 'Checkout down': impact corrected: now partial outage, started 15:20 UTC
							ImpactCorrected | {"impactId":"imp-1","reopened":true,"reason":"Flapped"} | SEV1 incident 'Checkout down': impact corrected: ongoing again
							IncidentResolved | {"summary":"Config reverted"} | SEV1 incident 'Checkout down' resolved
							IncidentReopened | {"reason":"Errors are back"} | SEV1 incident 'Checkout down' reopened
							PostmortemPublished | {"rootCause":"A bad push","trigger":"deploy","resolution":"Rollback","detection":"alerts","lessons":[],"actionItems":[]} | SEV1 incident 'Checkout down': postmortem published
							NoteAdded | {"text":"Customer X called"} | SEV1 incident 'Checkout down': note added
							SignalReceived | {"source":"alertmanager","fingerprint":"f1","status":"FIRING","service":"api","region":"us-east-1","level":"MAJOR_OUTAGE","startsAt":"2021-12-07T15:31:00Z","summary":"5xx above 20%"} | SEV1 incident 'Checkout down': monitoring signal firing for api in us-east-1 (major outage)
							SignalReceived | {"source":"alertmanager","fingerprint":"f1","status":"RESOLVED","service":"api","region":"us-east-1","endsAt":"2021-12-07T16:00:00Z"} | SEV1 incident 'Checkout down': monitoring signal resolved for api in us-east-1
							NotificationTest | {"message":"A test notification: this subscription works"} | Test notification from the incident platform
					SomethingNew | {} | SEV1 incident 'Checkout down': SomethingNew recorded
							""")
	void everyEventTypeReadsAsOneSentence(String type, String payload, String headline) {
		assertThat(NotificationText.describe(TestNotifications.of(type, payload)).headline()).isEqualTo(headline);
	}

	@Test
	void detailsCarryWhatPeopleWrote() {
		assertThat(NotificationText
			.describe(TestNotifications.of("StatusUpdatePosted",
					"{\"status\":\"IDENTIFIED\",\"message\":\"We found it\",\"public\":true}"))
			.details()).containsExactly("We found it");
		assertThat(NotificationText.describe(TestNotifications.of("IncidentDeclared",
				"{\"title\":\"Checkout down\",\"severity\":\"SEV1\",\"summary\":\"Card payments fail\",\"services\":[\"api\",\"web\"],\"regions\":[\"us-east-1\"]}"))
			.details()).containsExactly("Card payments fail", "Services: api, web; Regions: us-east-1");
		assertThat(NotificationText
			.describe(TestNotifications.of("SeverityChanged",
					"{\"from\":\"SEV2\",\"to\":\"SEV1\",\"reason\":\"All regions\"}"))
			.details()).containsExactly("Reason: All regions");
		assertThat(
				NotificationText.describe(TestNotifications.of("ImpactEnded", "{\"impactId\":\"i\",\"endedAt\":\"x\"}"))
					.details())
			.isEqualTo(List.of());
	}

	@Test
	void theChangeAloneIsShortForSubjects() {
		assertThat(
				NotificationText.describe(TestNotifications.of("IncidentResolved", "{\"summary\":\"done\"}")).change())
			.isEqualTo("resolved");
	}

	@Test
	void anIncidentWithoutTitleOrSeverityIsNamedByItsId() {
		OutgoingNotification notification = TestNotifications.of("NoteAdded", "{\"text\":\"hi\"}",
				new IncidentSnapshot("INC-1", null, null, null, 0));
		assertThat(NotificationText.describe(notification).headline()).isEqualTo("Incident INC-1: note added");
	}

}
