package com.nimbus.incidents.support.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenPropertiesTest {

	@Test
	void aVerificationMayBeRememberedAsLongAsTheKeysAre() {
		TokenProperties token = new TokenProperties("https://issuer.example", "nimbus-incidents", Duration.ofMinutes(5),
				Duration.ofMinutes(5));

		assertThat(token.verifiedCacheTtl()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void aVerificationMayNotOutliveTheKeysItWasMadeWith() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TokenProperties("https://issuer.example", "nimbus-incidents", Duration.ofMinutes(5),
					Duration.ofMinutes(6)))
			.withMessageContaining("security.token.verified-cache-ttl (PT6M) must not exceed")
			.withMessageContaining("security.token.jwks-cache-ttl (PT5M)");
	}

	@Test
	void anIssuerAndAnAudienceAreRequired() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new TokenProperties(" ", "nimbus-incidents", Duration.ofMinutes(5), Duration.ofMinutes(5)));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new TokenProperties("https://issuer.example", "", Duration.ofMinutes(5), Duration.ofMinutes(5)));
	}

}
