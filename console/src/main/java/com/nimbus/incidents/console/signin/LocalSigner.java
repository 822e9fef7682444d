package com.nimbus.incidents.console.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbus.incidents.console.ConsoleProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.stereotype.Component;

/**
 * Local sign-in: signs the chosen user's token with the local stack's private key, the
 * one the services trust. Only when local sign-in is on (see
 * {@link ConsoleProperties#signInOf}). The token names the local issuer ({@code iss}) and
 * the platform ({@code aud}) and expires, as the local stack's {@code LocalIssuer} does:
 * the services refuse a token without any of them (their defaults for
 * {@code security.token.issuer} and {@code security.token.audience} are these values).
 */
@ConditionalOnSignIn(ConsoleProperties.LOCAL)
@Component
class LocalSigner {

	static final String ISSUER = "http://127.0.0.1/local-issuer";

	static final String AUDIENCE = "nimbus-incidents";

	private final Path privateKey;

	LocalSigner(ConsoleProperties properties) {
		this.privateKey = Path.of(properties.localKeyDir()).resolve("jwt-private.pem");
	}

	String sign(String subject, List<String> roles, Duration ttl) {
		try {
			String encoded = Files.readString(this.privateKey)
				.replaceAll("-----[A-Z ]+-----", "")
				.replaceAll("\\s", "");
			RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
			Instant now = Instant.now();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("local").build(),
					new JWTClaimsSet.Builder().issuer(ISSUER)
						.audience(AUDIENCE)
						.subject(subject)
						.jwtID(UUID.randomUUID().toString())
						.issueTime(Date.from(now))
						.notBeforeTime(Date.from(now.minusSeconds(5)))
						.expirationTime(Date.from(now.plus(ttl)))
						.claim("roles", List.copyOf(roles))
						.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the local issuer's key " + this.privateKey, ex);
		}
		catch (GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException("Cannot sign a token", ex);
		}
	}

}
