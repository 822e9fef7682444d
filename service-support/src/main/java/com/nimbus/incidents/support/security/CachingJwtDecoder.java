package com.nimbus.incidents.support.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens it has verified, until they expire (at most five minutes), so that
 * a caller's requests after the first skip the signature check and the claim parsing: a
 * client sends the same token with every request, and verifying an RS256 signature on
 * each was a sixth of the command service's CPU under load. A token that fails
 * verification is never remembered; one past its {@code exp} is verified again (and
 * refused).
 */
public final class CachingJwtDecoder implements JwtDecoder {

	private static final Duration LONGEST = Duration.ofMinutes(5);

	private final JwtDecoder delegate;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder()
		.maximumSize(1000)
		.expireAfter(Expiry.creating((String token, Jwt jwt) -> until(jwt.getExpiresAt())))
		.build();

	public CachingJwtDecoder(JwtDecoder delegate) {
		this.delegate = delegate;
	}

	private static Duration until(Instant expiresAt) {
		if (expiresAt == null) {
			return LONGEST;
		}
		Duration left = Duration.between(Instant.now(), expiresAt);
		return left.isNegative() ? Duration.ZERO : (left.compareTo(LONGEST) < 0 ? left : LONGEST);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null && (known.getExpiresAt() == null || known.getExpiresAt().isAfter(Instant.now()))) {
			return known;
		}
		Jwt jwt = this.delegate.decode(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	/**
	 * Wraps whatever {@link JwtDecoder} the service configures (a public key locally, the
	 * issuer's keys in production).
	 */
	public static BeanPostProcessor wrapDecoders() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder))
						? new CachingJwtDecoder(decoder) : bean;
			}
		};
	}

}
