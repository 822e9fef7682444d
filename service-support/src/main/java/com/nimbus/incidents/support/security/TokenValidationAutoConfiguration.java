package com.nimbus.incidents.support.security;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;

/**
 * The claims every service checks besides the signature and the timestamps: the token
 * names our issuer ({@code iss}), is meant for us ({@code aud}) and expires
 * ({@code exp}). Spring Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to the
 * decoder it builds, whether from a public key, a JWKS URI or an issuer URI, so the rules
 * hold however a service is given its keys.
 */
@AutoConfiguration
@ConditionalOnClass(JwtDecoder.class)
@EnableConfigurationProperties(TokenProperties.class)
public class TokenValidationAutoConfiguration {

	@Bean
	OAuth2TokenValidator<Jwt> issuerAudienceAndExpiry(TokenProperties token) {
		return rules(token);
	}

	/**
	 * The rules for {@code token}'s settings.
	 */
	public static OAuth2TokenValidator<Jwt> rules(TokenProperties token) {
		return new DelegatingOAuth2TokenValidator<>(List.of(new ExpiryRequired(),
				new JwtIssuerValidator(token.issuer()), new JwtAudienceValidator(token.audience())));
	}

}
