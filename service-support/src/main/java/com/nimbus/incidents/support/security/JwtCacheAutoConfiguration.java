package com.nimbus.incidents.support.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Every service that verifies bearer tokens remembers the ones it has verified (see
 * {@link CachingJwtDecoder}).
 */
@AutoConfiguration
@ConditionalOnClass(JwtDecoder.class)
public class JwtCacheAutoConfiguration {

	@Bean
	static BeanPostProcessor cachingJwtDecoders() {
		return CachingJwtDecoder.wrapDecoders();
	}

}
