package com.nimbus.incidents.notifier.intake;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContextFoldTest {

	private static IncomingEvent event(long sequence, String type, String payload) {
		String json = """
				{"eventId":"e%d","incidentId":"INC-1","sequence":%d,"type":"%s","schemaVersion":1,
				"occurredAt":"2026-11-30T12:00:00Z","recordedAt":"2026-11-30T12:00:01Z","actor":"a","payload":%s}
				""".formatted(sequence, sequence, type, payload);
		return IncomingEvent.read(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void foldsTitleSeverityStatusServicesAndRegions() {
		IncidentContext context = IncidentContext.unknown("INC-1");
		context = ContextFold.apply(context, event(0, "IncidentDeclared",
				"{\"title\":\"Storage down\",\"severity\":\"SEV2\",\"services\":[\"storage\"],\"regions\":[\"us-east-1\"]}"));
		context = ContextFold.apply(context, event(1, "SeverityChanged", "{\"from\":\"SEV2\",\"to\":\"SEV1\"}"));
		context = ContextFold.apply(context, event(2, "ImpactReported",
				"{\"impactId\":\"i\",\"service\":\"dns\",\"region\":\"eu-west-1\",\"level\":\"MAJOR_OUTAGE\"}"));
		context = ContextFold.apply(context,
				event(3, "StatusUpdatePosted", "{\"status\":\"IDENTIFIED\",\"message\":\"m\",\"public\":true}"));
		assertThat(context).isEqualTo(new IncidentContext("INC-1", "Storage down", "SEV1", "IDENTIFIED",
				java.util.Set.of("storage", "dns"), java.util.Set.of("us-east-1", "eu-west-1"), 3));
		context = ContextFold.apply(context, event(4, "IncidentResolved", "{\"summary\":\"s\"}"));
		assertThat(context.status()).isEqualTo("RESOLVED");
		assertThat(Intake.facts(event(3, "StatusUpdatePosted", "{\"status\":\"IDENTIFIED\",\"public\":true}"), context)
			.publicChange()).isTrue();
		assertThat(Intake.facts(event(3, "StatusUpdatePosted", "{\"status\":\"IDENTIFIED\",\"public\":false}"), context)
			.publicChange()).isFalse();
	}

	@Test
	void anEventAlreadyAppliedChangesNothing() {
		IncidentContext context = ContextFold.apply(IncidentContext.unknown("INC-1"),
				event(0, "IncidentDeclared", "{\"title\":\"A\",\"severity\":\"SEV2\",\"services\":[],\"regions\":[]}"));
		IncidentContext same = ContextFold.apply(context,
				event(0, "IncidentDeclared", "{\"title\":\"B\",\"severity\":\"SEV1\",\"services\":[],\"regions\":[]}"));
		assertThat(same).isSameAs(context);
	}

}
