package com.nimbus.incidents.console;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param commandUrl incident-command, for writes
 * @param queryUrl incident-query, for reads
 * @param signIn {@code local}: pick a user and roles, the local issuer signs the token;
 * {@code oidc}: OpenID Connect login against {@code oidc.issuer-uri}
 * @param localKeyDir where the local issuer's key pair is ({@code data/keys})
 * @param oidc the OpenID Connect client, used when {@code sign-in=oidc}
 */
@ConfigurationProperties("console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8081") String commandUrl,
		@DefaultValue("http://127.0.0.1:8082") String queryUrl, @DefaultValue("local") String signIn,
		@DefaultValue("./data/keys") String localKeyDir, @DefaultValue Oidc oidc) {

	/**
	 * @param issuerUri the issuer, whose discovery document names its endpoints
	 * @param clientId the console's client id at the issuer
	 * @param clientSecret its secret
	 * @param scopes the scopes asked for; the access token must carry the {@code roles}
	 * claim the APIs read
	 */
	public record Oidc(String issuerUri, String clientId, String clientSecret, @DefaultValue( {
			"openid", "profile", "email" }) List<String> scopes){

	}

}
