package com.nimbus.incidents.command.idempotency;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The {@link IdempotencyToken} travels from the request to the command (a dispatch
 * interceptor) and from the command to its events (a correlation data provider), and the
 * expired keys are swept on a schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyConfiguration {

	@Bean
	IdempotencyToken idempotencyToken(CommandBus commandBus) {
		IdempotencyToken token = new IdempotencyToken();
		commandBus.registerDispatchInterceptor(token);
		return token;
	}

	@Bean
	CorrelationDataProvider idempotencyTokenCorrelation() {
		return new SimpleCorrelationDataProvider(IdempotencyToken.METADATA);
	}

	/**
	 * Axon's default provider (correlation and trace ids), which it leaves out as soon as
	 * another provider is declared.
	 */
	@Bean
	CorrelationDataProvider messageOriginProvider() {
		return new MessageOriginProvider();
	}

}
