package com.nimbus.incidents.console;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param commandUrl incident-command, for writes
 * @param queryUrl incident-query, for reads
 * @param signIn {@code local}: pick a user and roles, the local issuer signs the token;
 * {@code oidc}: OpenID Connect login against {@code oidc.issuer-uri}. When not set:
 * {@code local} if {@code local-key-dir} is set (the local stack and the compose file set
 * it), {@code oidc} otherwise; see {@link #signInOf}
 * @param localKeyDir where the local issuer's key pair is ({@code data/keys}); only read
 * by local sign-in
 * @param oidc the OpenID Connect client, used when {@code sign-in=oidc}
 * @param notifierUrl the notifier, for subscriptions
 */
@ConfigurationProperties("console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8081") String commandUrl,
		@DefaultValue("http://127.0.0.1:8082") String queryUrl, String signIn, String localKeyDir,
		@DefaultValue Oidc oidc, @DefaultValue("http://127.0.0.1:8084") String notifierUrl) {

	/** Any email, any role, ADMIN included: for a laptop only. */
	public static final String LOCAL = "local";

	/** OpenID Connect login: what a shared or production console uses. */
	public static final String OIDC = "oidc";

	private static final String DEFAULT_LOCAL_KEY_DIR = "./data/keys";

	public ConsoleProperties {
		signIn = signInOf(signIn, localKeyDir);
		if (LOCAL.equals(signIn) && (localKeyDir == null || localKeyDir.isBlank())) {
			localKeyDir = DEFAULT_LOCAL_KEY_DIR;
		}
	}

	/**
	 * Which sign-in runs. Local sign-in lets anyone in as anyone, so it is never the
	 * default: it runs when asked for by name, or when the local issuer's key directory
	 * is given, which only the local stack ({@code ./platform up}) and the compose file
	 * do. Everything else signs in with OpenID Connect, and fails to start until the
	 * issuer is configured rather than open a door.
	 * @param signIn {@code console.sign-in} as configured, or {@code null}
	 * @param localKeyDir {@code console.local-key-dir} as configured, or {@code null}
	 * @return {@link #LOCAL} or {@link #OIDC}
	 * @throws IllegalArgumentException for any other configured value
	 */
	public static String signInOf(String signIn, String localKeyDir) {
		if (signIn == null || signIn.isBlank()) {
			return (localKeyDir != null && !localKeyDir.isBlank()) ? LOCAL : OIDC;
		}
		String chosen = signIn.strip().toLowerCase(Locale.ROOT);
		if (!LOCAL.equals(chosen) && !OIDC.equals(chosen)) {
			throw new IllegalArgumentException(
					"console.sign-in is '" + signIn + "'; it must be 'oidc', or 'local' on a laptop");
		}
		return chosen;
	}

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
