package com.nimbus.incidents.console.signin;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The signed-in user's token for the APIs: the one the local issuer signed at sign-in, or
 * the access token of the OpenID Connect login.
 */
@Component
public class ApiTokens {

	private final ObjectProvider<OAuth2AuthorizedClientService> clients;

	ApiTokens(ObjectProvider<OAuth2AuthorizedClientService> clients) {
		this.clients = clients;
	}

	/**
	 * @return the bearer token, or {@code null} for an anonymous caller
	 */
	public String current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2AuthenticationToken oidc) {
			OAuth2AuthorizedClientService service = this.clients.getIfAvailable();
			OAuth2AuthorizedClient client = (service != null)
					? service.loadAuthorizedClient(oidc.getAuthorizedClientRegistrationId(), oidc.getName()) : null;
			return (client != null) ? client.getAccessToken().getTokenValue() : null;
		}
		if (authentication != null && authentication.getCredentials() instanceof String token) {
			return token;
		}
		return null;
	}

}
