package com.nimbus.incidents.console.signin;

import java.util.List;

import com.nimbus.incidents.console.ConsoleProperties;

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
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Pages need a signed-in user, except the public status page and sign-in itself. Locally
 * the user picks a name and roles; with {@code console.sign-in=oidc} Spring Security's
 * OpenID Connect login runs against {@code console.oidc.issuer-uri}. The APIs decide what
 * each role may do; the console only shows what they answer.
 * <p>
 * What a careless colleague's browser or a hostile page cannot do here:
 * <ul>
 * <li>post a form for a signed-in user: every state-changing request (forms, sign-out,
 * htmx) carries the session's CSRF token, or gets 403;</li>
 * <li>fix someone's session id before they sign in: the id changes at sign-in (local or
 * OpenID Connect) and the session ends at sign-out;</li>
 * <li>run script or frame the console: see {@link SecurityHeaders}.</li>
 * </ul>
 * The session cookie's {@code HttpOnly}, {@code SameSite=Lax} and {@code Secure} are set
 * in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	/**
	 * One place for the CSRF tokens, shared by the filter that checks them and the local
	 * sign-in that renews them.
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		return new HttpSessionCsrfTokenRepository();
	}

	/**
	 * What a sign-in does to the session, as Spring Security does it for its own login
	 * filters: a new session id (the attacker's planted one stops being worth anything)
	 * and a new CSRF token. The local sign-in sets the security context by hand, so it
	 * calls this itself.
	 */
	@Bean
	SessionAuthenticationStrategy signInSessionStrategy(CsrfTokenRepository csrfTokens) {
		return new CompositeSessionAuthenticationStrategy(
				List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
	}

	@Bean
	SecurityFilterChain pages(HttpSecurity http, ConsoleProperties properties, SecurityContextRepository contexts,
			CsrfTokenRepository csrfTokens, ObjectProvider<ClientRegistrationRepository> registrations,
			ObjectProvider<OAuth2AuthorizedClientService> clients) throws Exception {
		http.securityContext((context) -> context.securityContextRepository(contexts))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/status", "/status/feed.atom", "/login", "/css/**", "/js/**", "/webjars/**",
						"/actuator/health", "/error", "/favicon.ico")
				.permitAll()
				.anyRequest()
				.authenticated())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()))
			.headers(SecurityHeaders::apply)
			.logout((logout) -> logout.logoutUrl("/logout")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.logoutSuccessUrl("/login?signedOut"));
		if (ConsoleProperties.OIDC.equals(properties.signIn())) {
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
	@ConditionalOnSignIn(ConsoleProperties.OIDC)
	static class OpenIdConnect {

		@Bean
		ClientRegistrationRepository clientRegistrations(ConsoleProperties properties) {
			ConsoleProperties.Oidc oidc = properties.oidc();
			if (oidc.issuerUri() == null || oidc.clientId() == null) {
				throw new IllegalStateException("console.sign-in=oidc (the default) needs console.oidc.issuer-uri and "
						+ "console.oidc.client-id; on a laptop, ./platform up runs the console with local sign-in");
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
