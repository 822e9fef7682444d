package com.nimbus.incidents.support.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a bearer token must say to be accepted, and how long a verification may be trusted
 * without looking at the issuer's keys again ({@code security.token.*}). The defaults
 * match the local issuer of {@code ./platform}; production sets the issuer's {@code iss}
 * and the audience it issues for this platform.
 *
 * @param issuer the exact {@code iss} a token must carry
 * @param audience a value the token's {@code aud} must contain
 * @param jwksCacheTtl how long the issuer's key set (JWKS) is used before it is fetched
 * again: a key the issuer removed still verifies for at most this long
 * @param verifiedCacheTtl how long a verified token is remembered (see
 * {@link CachingJwtDecoder}); never longer than {@code jwksCacheTtl}, so that a token
 * signed with a removed key is refused at most {@code jwksCacheTtl + verifiedCacheTtl}
 * after the removal
 */
@ConfigurationProperties("security.token")
public record TokenProperties(@DefaultValue(LOCAL_ISSUER) String issuer, @DefaultValue(LOCAL_AUDIENCE) String audience,
		@DefaultValue("5m") Duration jwksCacheTtl, @DefaultValue("5m") Duration verifiedCacheTtl) {

	/** The {@code iss} of the local issuer's tokens. */
	public static final String LOCAL_ISSUER = "http://127.0.0.1/local-issuer";

	/** The {@code aud} of the local issuer's tokens. */
	public static final String LOCAL_AUDIENCE = "nimbus-incidents";

	public TokenProperties {
		if (issuer == null || issuer.isBlank()) {
			throw new IllegalArgumentException("security.token.issuer must name the issuer whose tokens are accepted");
		}
		if (audience == null || audience.isBlank()) {
			throw new IllegalArgumentException("security.token.audience must name this platform's audience");
		}
		if (jwksCacheTtl.isNegative() || verifiedCacheTtl.isNegative()) {
			throw new IllegalArgumentException("security.token cache lifetimes cannot be negative");
		}
		if (verifiedCacheTtl.compareTo(jwksCacheTtl) > 0) {
			throw new IllegalArgumentException("security.token.verified-cache-ttl (" + verifiedCacheTtl
					+ ") must not exceed security.token.jwks-cache-ttl (" + jwksCacheTtl
					+ "): a verification would outlive the keys it was made with");
		}
	}

}
