package com.nimbus.incidents.support.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a token without {@code exp}. Spring's {@code JwtTimestampValidator} checks an
 * expiry only when there is one, so a token minted without it would be good forever: a
 * leaked one could never be outlived.
 */
final class ExpiryRequired implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error NO_EXPIRY = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The token has no exp claim; tokens without an expiry are not accepted", null);

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		return (token.getExpiresAt() != null) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(NO_EXPIRY);
	}

}
