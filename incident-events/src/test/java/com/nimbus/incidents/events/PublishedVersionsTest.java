package com.nimbus.incidents.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every schema version ever published has a fixture, and every fixture still reads into
 * the current records through the upcasters.
 */
class PublishedVersionsTest {

	private final JsonMapper json = JsonMapper.builder().build();

	static JsonNode fixture(JsonMapper json, String type, int version) throws IOException {
		try (InputStream in = PublishedVersionsTest.class
			.getResourceAsStream("/fixtures/" + type + "-v" + version + ".json")) {
			assertThat(in).as("fixture of %s v%d", type, version).isNotNull();
			return json.readTree(in);
		}
	}

	@Test
	void everyVersionOfEveryTypeHasAFixtureThatReads() throws IOException {
		List<String> read = new ArrayList<>();
		for (EventType type : EventTypes.all()) {
			for (int version = 1; version <= type.schemaVersion(); version++) {
				JsonNode envelope = fixture(this.json, type.name(), version);
				assertThat(envelope.get("type").asString()).isEqualTo(type.name());
				assertThat(envelope.get("schemaVersion").asInt()).isEqualTo(version);
				@SuppressWarnings("unchecked")
				Map<String, Object> payload = this.json.convertValue(envelope.get("payload"), Map.class);
				Object event = this.json.convertValue(Upcasters.upcast(type.name(), version, payload),
						type.payloadClass());
				assertThat(event).isInstanceOf(type.payloadClass());
				read.add(type.name() + " v" + version);
			}
		}
		assertThat(read).hasSize(21)
			.contains("ActionRecorded v1", "ActionRecorded v2", "ContractAmended v1", "IncidentDeclared v2",
					"StatusUpdatePosted v2", "ImpactReported v2", "ImpactCorrected v2", "SignalReceived v1");
	}

	@Test
	void aVersion1ActionReadsAsRelatingToNoImpact() throws IOException {
		JsonNode v1 = fixture(this.json, "ActionRecorded", 1);
		@SuppressWarnings("unchecked")
		Map<String, Object> payload = this.json.convertValue(v1.get("payload"), Map.class);
		ActionRecorded action = this.json.convertValue(Upcasters.upcast("ActionRecorded", 1, payload),
				ActionRecorded.class);
		assertThat(action).isEqualTo(new ActionRecorded(ActionKind.MITIGATION,
				"Moved internal DNS traffic off the congested paths.", List.of()));
	}

	@Test
	void aVersion1ImpactReadsAsReportedByAPersonAndAVersion2OneKeepsItsSignal() throws IOException {
		ImpactReported v1 = read("ImpactReported", 1, ImpactReported.class);
		assertThat(v1.source()).isEqualTo(ImpactSource.RESPONDER);
		assertThat(v1.fingerprint()).isNull();
		ImpactReported v2 = read("ImpactReported", 2, ImpactReported.class);
		assertThat(v2.source()).isEqualTo(ImpactSource.MONITOR);
		assertThat(v2.fingerprint()).isEqualTo("a1b2c3d4e5f60718");
		assertThat(read("ImpactCorrected", 1, ImpactCorrected.class).reopens()).isFalse();
		assertThat(read("ImpactCorrected", 2, ImpactCorrected.class).reopens()).isTrue();
		SignalReceived signal = read("SignalReceived", 1, SignalReceived.class);
		assertThat(signal.status()).isEqualTo(SignalStatus.FIRING);
		assertThat(signal.errorRate()).isEqualByComparingTo("0.62");
	}

	@Test
	void aVersion1DeclarationReadsAsHavingNoPublicTitle() throws IOException {
		IncidentDeclared declared = read("IncidentDeclared", 1, IncidentDeclared.class);
		assertThat(declared.title()).isEqualTo("us-east-1: elevated API and console errors");
		assertThat(declared.publicTitle()).isNull();
		assertThat(read("IncidentDeclared", 2, IncidentDeclared.class).publicTitle())
			.isEqualTo("Elevated API and console errors in us-east-1");
	}

	@Test
	void aVersion1StatusUpdateReadsAsLeavingThePublicTitleAlone() throws IOException {
		assertThat(read("StatusUpdatePosted", 1, StatusUpdatePosted.class)).isEqualTo(new StatusUpdatePosted(
				UpdateStatus.INVESTIGATING, "We are investigating increased error rates.", true, null));
		assertThat(read("StatusUpdatePosted", 2, StatusUpdatePosted.class).publicTitle())
			.isEqualTo("Elevated error rates in us-east-1");
	}

	private <T> T read(String type, int version, Class<T> payloadClass) throws IOException {
		JsonNode envelope = fixture(this.json, type, version);
		@SuppressWarnings("unchecked")
		Map<String, Object> payload = this.json.convertValue(envelope.get("payload"), Map.class);
		return this.json.convertValue(Upcasters.upcast(type, version, payload), payloadClass);
	}

	@Test
	void theCurrentVersionOfEachTypeWritesBackAsItsFixture() throws IOException {
		for (EventType type : EventTypes.all()) {
			JsonNode envelope = fixture(this.json, type.name(), type.schemaVersion());
			Object event = this.json.treeToValue(envelope.get("payload"), type.payloadClass());
			// compared as text: the fixture's 0.4 parses as a double, the record writes a
			// decimal
			assertThat(this.json.writeValueAsString(event)).as(type.name())
				.isEqualTo(this.json.writeValueAsString(envelope.get("payload")));
		}
	}

	@Test
	void aVersionFromTheFutureIsRefused() {
		assertThatThrownBy(() -> Upcasters.upcast("NoteAdded", 2, Map.of("text", "t")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not readable here");
		assertThatThrownBy(() -> Upcasters.upcast("Nonsense", 1, Map.of()))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
