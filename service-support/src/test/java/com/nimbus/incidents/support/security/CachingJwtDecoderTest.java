package com.nimbus.incidents.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

	private final AtomicInteger verifications = new AtomicInteger();

	private Instant expiresAt = Instant.now().plusSeconds(3600);

	private final JwtDecoder verifier = (token) -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("signature does not match");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("alice@example.com")
			.issuedAt(this.expiresAt.minusSeconds(7200))
			.expiresAt(this.expiresAt)
			.build();
	};

	private final CachingJwtDecoder decoder = new CachingJwtDecoder(this.verifier, Duration.ofMinutes(5));

	@Test
	void givenAVerifiedToken_whenItComesAgain_thenItIsNotVerifiedAgain() {
		Jwt first = this.decoder.decode("token-a");
		Jwt second = this.decoder.decode("token-a");

		assertThat(second).isSameAs(first);
		assertThat(second.getSubject()).isEqualTo("alice@example.com");
		assertThat(this.verifications).hasValue(1);
		this.decoder.decode("token-b");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void givenATokenThatFails_whenItComesAgain_thenItIsVerifiedAndRefusedAgain() {
		assertThatThrownBy(() -> this.decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void givenAnExpiredToken_whenItComesAgain_thenItIsVerifiedAgain() {
		this.expiresAt = Instant.now().minusSeconds(1);
		this.decoder.decode("token-old");
		this.decoder.decode("token-old");

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void givenATokenValidForHours_whenRemembered_thenOnlyForTheConfiguredBound() {
		assertThat(this.decoder.until(Instant.now().plusSeconds(3 * 3600))).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.decoder.until(null)).isEqualTo(Duration.ofMinutes(5));
		assertThat(new CachingJwtDecoder(this.verifier, Duration.ofSeconds(30)).until(Instant.now().plusSeconds(3600)))
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void givenATokenAboutToExpire_whenRemembered_thenUntilItExpiresAtMost() {
		assertThat(this.decoder.until(Instant.now().plusSeconds(60))).isBetween(Duration.ofSeconds(58),
				Duration.ofSeconds(60));
		assertThat(this.decoder.until(Instant.now().minusSeconds(1))).isEqualTo(Duration.ZERO);
	}

}
