package com.nimbus.incidents.console.signin;

import com.nimbus.incidents.console.ConsoleProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Pages need a signed-in user, except the public status page and sign-in itself. Locally
 * the user picks a name and roles; with {@code console.sign-in=oidc} Spring Security's
 * OpenID Connect login runs against {@code console.oidc.issuer-uri}. The APIs decide what
 * each role may do; the console only shows what they answer.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	SecurityFilterChain pages(HttpSecurity http, ConsoleProperties properties, SecurityContextRepository contexts,
			ObjectProvider<ClientRegistrationRepository> registrations,
			ObjectProvider<OAuth2AuthorizedClientService> clients) throws Exception {
		http.securityContext((context) -> context.securityContextRepository(contexts))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/status", "/login", "/css/**", "/webjars/**", "/actuator/health", "/error",
						"/favicon.ico")
				.permitAll()
				.anyRequest()
				.authenticated())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"));
		if ("oidc".equals(properties.signIn())) {
			http.oauth2Login((login) -> login.clientRegistrationRepository(registrations.getObject())
				.authorizedClientService(clients.getObject()));
		}
		else {
			http.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
		}
		return http.build();
	}

	/**
	 * The OpenID Connect client, from the issuer's discovery document.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "console.sign-in", havingValue = "oidc")
	static class OpenIdConnect {

		@Bean
		ClientRegistrationRepository clientRegistrations(ConsoleProperties properties) {
			ConsoleProperties.Oidc oidc = properties.oidc();
			if (oidc.issuerUri() == null || oidc.clientId() == null) {
				throw new IllegalStateException(
						"console.sign-in=oidc needs console.oidc.issuer-uri and console.oidc.client-id");
			}
			return new InMemoryClientRegistrationRepository(ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
				.registrationId("oidc")
				.clientId(oidc.clientId())
				.clientSecret(oidc.clientSecret())
				.scope(oidc.scopes())
				.build());
		}

		@Bean
		OAuth2AuthorizedClientService authorizedClients(ClientRegistrationRepository registrations) {
			return new InMemoryOAuth2AuthorizedClientService(registrations);
		}

	}

}
