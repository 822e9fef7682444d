package com.nimbus.incidents.projector.timeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.nimbus.incidents.events.ActionRecorded;
import com.nimbus.incidents.events.ContractEvent;
import com.nimbus.incidents.events.EventType;
import com.nimbus.incidents.events.EventTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projector reads every schema version ever published (the fixtures of the event
 * module), upcast to the current records.
 */
class EnvelopeDecoderTest {

	private final EnvelopeDecoder decoder = new EnvelopeDecoder(JsonMapper.builder().build());

	private static byte[] fixture(String type, int version) throws IOException {
		try (InputStream in = EnvelopeDecoderTest.class
			.getResourceAsStream("/fixtures/" + type + "-v" + version + ".json")) {
			return in.readAllBytes();
		}
	}

	@Test
	void everyPublishedVersionReads() throws IOException {
		int read = 0;
		for (EventType type : EventTypes.all()) {
			for (int version = 1; version <= type.schemaVersion(); version++) {
				if (type.family() == ContractEvent.class) {
					assertThat(this.decoder.decodeContract(fixture(type.name(), version)).payload())
						.isInstanceOf(type.payloadClass());
				}
				else {
					var envelope = this.decoder.decode(fixture(type.name(), version)).envelope();
					assertThat(envelope.payload()).isInstanceOf(type.payloadClass());
					assertThat(envelope.schemaVersion()).isEqualTo(type.schemaVersion());
				}
				read++;
			}
		}
		assertThat(read).isEqualTo(21);
	}

	@Test
	void aVersion1ActionIsUpcast() throws IOException {
		Delivered v1 = this.decoder.decode(fixture("ActionRecorded", 1));
		assertThat(((ActionRecorded) v1.envelope().payload()).relatedImpactIds()).isEmpty();
		assertThat(v1.json()).contains("\"schemaVersion\": 1");
		Delivered v2 = this.decoder.decode(fixture("ActionRecorded", 2));
		assertThat(((ActionRecorded) v2.envelope().payload()).relatedImpactIds()).isEqualTo(List.of("compute-use1"));
	}

	@Test
	void aVersionFromTheFutureIsUnreadable() throws IOException {
		byte[] future = new String(fixture("NoteAdded", 1)).replace("\"schemaVersion\": 1", "\"schemaVersion\": 7")
			.getBytes();
		assertThatThrownBy(() -> this.decoder.decode(future)).isInstanceOf(UndecodableEvent.class)
			.hasMessageContaining("schema version 7");
	}

}
