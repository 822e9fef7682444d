package com.nimbus.incidents.console.signin;

import java.text.ParseException;
import java.util.List;
import java.util.Set;

import com.nimbusds.jwt.JWTParser;

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

	/** Where the platform's tokens carry their roles, as the services read them. */
	private static final String ROLES_CLAIM = "roles";

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

	/**
	 * The roles the APIs will see: the {@code roles} claim of the user's token, for pages
	 * to offer only what the user may use. The console does not check the token; the APIs
	 * do, and decide.
	 * @return the role names, such as {@code RESPONDER}; empty for an anonymous caller or
	 * a token that is not a JWT
	 */
	public Set<String> roles() {
		String token = current();
		if (token == null) {
			return Set.of();
		}
		try {
			List<String> claimed = JWTParser.parse(token).getJWTClaimsSet().getStringListClaim(ROLES_CLAIM);
			return (claimed != null) ? Set.copyOf(claimed) : Set.of();
		}
		catch (ParseException ex) {
			return Set.of();
		}
	}

}
