package com.nimbus.incidents.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens it has verified, until they expire but at most {@code longest}
 * ({@code security.token.verified-cache-ttl}, five minutes by default), so that a
 * caller's requests after the first skip the signature check and the claim parsing: a
 * client sends the same token with every request, and verifying an RS256 signature on
 * each was a sixth of the command service's CPU under load. A token that fails
 * verification is never remembered; one past its {@code exp} is verified again (and
 * refused).
 * <p>
 * The bound is what lets a key rotation take effect: a remembered verification is not
 * checked against the issuer's current keys, so it must not outlive the key set it was
 * made with ({@link TokenProperties} keeps it no longer than the JWKS cache).
 */
public final class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final Duration longest;

	private final Cache<String, Jwt> verified;

	public CachingJwtDecoder(JwtDecoder delegate, Duration longest) {
		this.delegate = delegate;
		this.longest = longest;
		this.verified = Caffeine.newBuilder()
			.maximumSize(1000)
			.expireAfter(Expiry.creating((String token, Jwt jwt) -> until(jwt.getExpiresAt())))
			.build();
	}

	/**
	 * How long {@code expiresAt} leaves, but no more than the longest a verification is
	 * trusted.
	 */
	Duration until(Instant expiresAt) {
		if (expiresAt == null) {
			return this.longest;
		}
		Duration left = Duration.between(Instant.now(), expiresAt);
		return left.isNegative() ? Duration.ZERO : (left.compareTo(this.longest) < 0 ? left : this.longest);
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
	 * issuer's keys in production), remembering verifications for at most
	 * {@code longest}.
	 */
	public static BeanPostProcessor wrapDecoders(Supplier<Duration> longest) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder))
						? new CachingJwtDecoder(decoder, longest.get()) : bean;
			}
		};
	}

}
