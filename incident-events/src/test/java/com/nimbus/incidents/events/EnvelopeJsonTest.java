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
	void anEnvelopeIsWrittenAsInEventsMd() {
		EventEnvelope envelope = EventEnvelope.of("5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21", "INC-7KQ2M4", 3,
				Instant.parse("2021-12-07T16:02:00Z"), Instant.parse("2021-12-07T16:09:41.512Z"), "alice@example.com",
				new ActionRecorded(ActionKind.ROLLBACK, "Rolled back network config push"));

		JsonNode written = this.json.readTree(this.json.writeValueAsString(envelope));

		JsonNode expected = this.json.readTree(
				"""
						{
						  "eventId": "5f0c2b1e-6a7e-4a9b-9a57-0a4f3f0f6e21",
						  "incidentId": "INC-7KQ2M4",
						  "sequence": 3,
						  "type": "ActionRecorded",
						  "schemaVersion": 2,
						  "occurredAt": "2021-12-07T16:02:00Z",
						  "recordedAt": "2021-12-07T16:09:41.512Z",
						  "actor": "alice@example.com",
						  "payload": { "kind": "ROLLBACK", "description": "Rolled back network config push", "relatedImpactIds": [] }
						}""");
		assertThat(written).isEqualTo(expected);
	}

	@Test
	void optionalPayloadFieldsAreLeftOutAndTheReservedWordPublicIsUsed() {
		JsonNode impact = this.json.valueToTree(new ImpactReported("console-use1", "console", "us-east-1",
				ImpactLevel.MAJOR_OUTAGE, null, Instant.parse("2021-12-07T15:45:00Z"), null, null, null));
		assertThat(impact.propertyNames()).containsExactly("impactId", "service", "region", "level", "startedAt",
				"source");
		assertThat(impact.get("source").asString()).isEqualTo("RESPONDER");

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

	@Test
	void aContractReadsTheBodyOfSlaCreditsMdAndWritesMoneyAsDecimalStrings() {
		ContractRegistered read = this.json.readValue("""
				{"customerName":"Acme Retail","activeUsers":120000,"effectiveFrom":"2021-01-01T00:00:00Z",
				 "services":[{"service":"object-storage","regions":["us-east-1","us-west-2"],
				   "monthlyFee":{"amount":"12000.00","currency":"USD"},
				   "sla":{"measurement":"AVAILABILITY","downtimeLevels":["MAJOR_OUTAGE"],"downtimeErrorRate":0.05,
				          "tiers":[{"below":"99.99","creditPercent":"10"},{"below":"99.0","creditPercent":"30"}]}}]}""",
				ContractRegistered.class);
		ServiceTerms storage = read.services().get(0);
		assertThat(storage.monthlyFee().amount().toPlainString()).isEqualTo("12000.00");
		assertThat(storage.sla().downtimeErrorRate()).isEqualByComparingTo("0.05");
		assertThat(storage.sla().tiers().get(1).below().toPlainString()).isEqualTo("99.0");

		JsonNode written = this.json.valueToTree(ContractEnvelope.of("e1", "acme", 0, read.effectiveFrom(),
				Instant.parse("2021-01-02T00:00:00Z"), "finance@nimbus.example", read));
		assertThat(written.get("type").asString()).isEqualTo("ContractRegistered");
		assertThat(written.get("customerId").asString()).isEqualTo("acme");
		JsonNode sla = written.get("payload").get("services").get(0).get("sla");
		assertThat(sla.get("downtimeErrorRate").isString()).isTrue();
		assertThat(sla.get("tiers").get(0).get("below").asString()).isEqualTo("99.99");
		assertThat(written.get("payload").get("services").get(0).get("monthlyFee").get("amount").asString())
			.isEqualTo("12000.00");
	}

}
