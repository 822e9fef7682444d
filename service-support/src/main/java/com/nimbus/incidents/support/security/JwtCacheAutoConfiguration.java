package com.nimbus.incidents.support.security;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The two caches of token verification, bounded together: the issuer's key set (JWKS) is
 * fetched again after {@code security.token.jwks-cache-ttl}, and a verified token is
 * remembered (see {@link CachingJwtDecoder}) for at most
 * {@code security.token.verified-cache-ttl}, which {@link TokenProperties} keeps no
 * longer. A key the issuer rotates out stops verifying within one JWKS refresh, and the
 * verifications made with it are gone one cache lifetime later.
 */
@AutoConfiguration
@ConditionalOnClass(JwtDecoder.class)
@EnableConfigurationProperties(TokenProperties.class)
public class JwtCacheAutoConfiguration {

	@Bean
	static BeanPostProcessor cachingJwtDecoders(ObjectProvider<TokenProperties> token) {
		return CachingJwtDecoder.wrapDecoders(() -> token.getObject().verifiedCacheTtl());
	}

	/**
	 * The JWKS, when keys come from {@code jwk-set-uri} or {@code issuer-uri}, kept for
	 * exactly {@code jwks-cache-ttl} (Spring's default cache has a fixed lifetime of its
	 * own). A token naming a key the cached set lacks still makes the decoder fetch the
	 * set at once.
	 */
	@Bean
	JwkSetUriJwtDecoderBuilderCustomizer jwksCacheLifetime(TokenProperties token) {
		return (builder) -> builder.cache(new ConcurrentMapCache("jwks",
				Caffeine.newBuilder().expireAfterWrite(token.jwksCacheTtl()).build().asMap(), false));
	}

}
