package com.nimbus.incidents.command.signal;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signal's stored and published form: JSON, times as ISO-8601 text and decimals exact.
 * The {@code signals} topic's record value and the placer's documents hold it alike.
 */
final class SignalCodec {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private SignalCodec() {
	}

	static byte[] encode(Signal signal) {
		return JSON.writeValueAsBytes(signal);
	}

	static String text(Signal signal) {
		return new String(encode(signal), StandardCharsets.UTF_8);
	}

	static Signal decode(byte[] value) {
		return JSON.readValue(value, Signal.class);
	}

	static Signal decode(String value) {
		return decode(value.getBytes(StandardCharsets.UTF_8));
	}

}
