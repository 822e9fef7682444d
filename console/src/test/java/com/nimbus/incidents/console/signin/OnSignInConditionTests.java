package com.nimbus.incidents.console.signin;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in beans follow the same rule as {@code ConsoleProperties}: local sign-in only
 * when named or when the local issuer's key directory is given, in any of Spring's
 * spellings.
 */
class OnSignInConditionTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Probes.class);

	@Test
	void withNothingSetOnlyOpenIdConnectBeansExist() {
		this.contexts.run((context) -> assertThat(context.getBeanNamesForType(String.class)).containsExactly("oidc"));
	}

	@Test
	void theKeyDirectoryTurnsLocalSignInOnInAnySpelling() {
		this.contexts.withPropertyValues("console.local-key-dir=/tmp/keys")
			.run((context) -> assertThat(context.getBeanNamesForType(String.class)).containsExactly("local"));
		this.contexts.withPropertyValues("console.localKeyDir=/tmp/keys")
			.run((context) -> assertThat(context.getBeanNamesForType(String.class)).containsExactly("local"));
	}

	@Test
	void aNamedSignInWins() {
		this.contexts.withPropertyValues("console.local-key-dir=/tmp/keys", "console.sign-in=oidc")
			.run((context) -> assertThat(context.getBeanNamesForType(String.class)).containsExactly("oidc"));
		this.contexts.withPropertyValues("console.sign-in=local")
			.run((context) -> assertThat(context.getBeanNamesForType(String.class)).containsExactly("local"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Probes {

		@Bean
		@ConditionalOnSignIn("local")
		String local() {
			return "local";
		}

		@Bean
		@ConditionalOnSignIn("oidc")
		String oidc() {
			return "oidc";
		}

	}

}
