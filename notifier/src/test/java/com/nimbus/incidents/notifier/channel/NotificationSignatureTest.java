package com.nimbus.incidents.notifier.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationSignatureTest {

	private static final byte[] BODY = "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

	private static final Instant SIGNED_AT = Instant.ofEpochSecond(1_700_000_000L);

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	@Test
	void signsTheTimestampDotBodyWithTheUtf8BytesOfTheSecret() {
		// computed independently: python3 hmac.new('sécret-☃'.encode(), b'1700000000.' +
		// body, sha256)
		assertThat(NotificationSignature.sign("sécret-☃", 1_700_000_000L, BODY))
			.isEqualTo("t=1700000000,v1=d359d390f70a13924eddc6c518c3ec245bb3da42e96d7facf4354047994a7267");
	}

	@Test
	void verifiesItsOwnSignature() {
		String header = NotificationSignature.sign("s3cret", SIGNED_AT.getEpochSecond(), BODY);
		assertThat(NotificationSignature.verify("s3cret", header, BODY, SIGNED_AT.plusSeconds(30), FIVE_MINUTES))
			.isTrue();
	}

	@Test
	void refusesAnotherBodyAnotherSecretOrAnOldTimestamp() {
		String header = NotificationSignature.sign("s3cret", SIGNED_AT.getEpochSecond(), BODY);
		byte[] tampered = "{\"eventId\":\"e-2\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(NotificationSignature.verify("s3cret", header, tampered, SIGNED_AT, FIVE_MINUTES)).isFalse();
		assertThat(NotificationSignature.verify("other", header, BODY, SIGNED_AT, FIVE_MINUTES)).isFalse();
		assertThat(NotificationSignature.verify("s3cret", header, BODY, SIGNED_AT.plusSeconds(301), FIVE_MINUTES))
			.isFalse();
	}

	@Test
	void refusesAHeaderWhoseTimestampWasChanged() {
		String header = NotificationSignature.sign("s3cret", SIGNED_AT.getEpochSecond(), BODY);
		String moved = header.replace("t=1700000000", "t=1700000001");
		assertThat(NotificationSignature.verify("s3cret", moved, BODY, SIGNED_AT, FIVE_MINUTES)).isFalse();
	}

	@Test
	void refusesMalformedHeaders() {
		for (String header : new String[] { "", "v1=abcd", "t=1700000000", "t=x,v1=00", "t=1700000000,v1=zz",
				"garbage" }) {
			assertThat(NotificationSignature.verify("s3cret", header, BODY, SIGNED_AT, FIVE_MINUTES)).as(header)
				.isFalse();
		}
		assertThat(NotificationSignature.verify("s3cret", null, BODY, SIGNED_AT, FIVE_MINUTES)).isFalse();
	}

}
