package com.nimbus.incidents.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON form the annotations declare, checked against the example in
 * {@code events.md}, with a plain Jackson mapper as any consumer would use.
 */
class EnvelopeJsonTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void anEnvelopeIsWrittenExactlyAsInEventsMd() {
		EventEnvelope envelope = EventEnvelope.of("5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21", "INC-7KQ2M4", 3,
				Instant.parse("2021-12-07T16:02:00Z"), Instant.parse("2021-12-07T16:09:41.512Z"), "alice@example.com",
				new ActionRecorded(ActionKind.ROLLBACK, "Rolled back network config push"));

		JsonNode written = this.json.readTree(this.json.writeValueAsString(envelope));

		JsonNode expected = this.json.readTree("""
				{
				  "eventId": "5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21",
				  "incidentId": "INC-7KQ2M4",
				  "sequence": 3,
				  "type": "ActionRecorded",
				  "schemaVersion": 1,
				  "occurredAt": "2021-12-07T16:02:00Z",
				  "recordedAt": "2021-12-07T16:09:41.512Z",
				  "actor": "alice@example.com",
				  "payload": { "kind": "ROLLBACK", "description": "Rolled back network config push" }
				}""");
		assertThat(written).isEqualTo(expected);
	}

	@Test
	void optionalPayloadFieldsAreLeftOutAndTheReservedWordPublicIsUsed() {
		JsonNode impact = this.json.valueToTree(new ImpactReported("console-use1", "console", "us-east-1",
				ImpactLevel.MAJOR_OUTAGE, null, Instant.parse("2021-12-07T15:45:00Z"), null, null, null));
		assertThat(impact.propertyNames()).containsExactly("impactId", "service", "region", "level", "startedAt");

		JsonNode update = this.json.valueToTree(new StatusUpdatePosted(UpdateStatus.IDENTIFIED, "found it", true));
		assertThat(update.get("public").asBoolean()).isTrue();
		assertThat(update.has("isPublic")).isFalse();
	}

	@Test
	void errorRatesStayExactDecimals() {
		ImpactReported read = this.json.readValue("""
				{"impactId":"a","service":"s","region":"r","level":"PARTIAL_OUTAGE","errorRate":0.1,
				 "startedAt":"2021-12-07T15:30:00Z","affectedCustomerIds":["acme"]}""", ImpactReported.class);
		assertThat(read.errorRate()).isEqualByComparingTo(new BigDecimal("0.1"));
		assertThat(read.errorRate().toPlainString()).isEqualTo("0.1");
		assertThat(read.affectedCustomerIds()).isEqualTo(List.of("acme"));
	}

}
