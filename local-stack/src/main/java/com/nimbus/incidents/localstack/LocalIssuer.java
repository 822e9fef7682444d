package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The local stack's token issuer: an RSA key pair kept under {@code keys/} of the data
 * directory. The services verify tokens with the public key (Spring Security's
 * {@code public-key-location}); {@code ./platform token} and the tests sign with the
 * private one. In production the services trust the configured issuer instead.
 * <p>
 * Its tokens name it ({@code iss}), the platform they are for ({@code aud}) and an expiry
 * ({@code exp}): the services refuse a token lacking any of them, and their defaults
 * ({@code security.token.issuer} and {@code security.token.audience}) are these values.
 * The private key is readable by its owner only (0600), whether made now or found from an
 * earlier run with looser permissions.
 */
public final class LocalIssuer {

	/**
	 * The {@code iss} of every token; the services' default
	 * {@code security.token.issuer}.
	 */
	public static final String ISSUER = "http://127.0.0.1/local-issuer";

	/**
	 * The {@code aud} of every token; the services' default
	 * {@code security.token.audience}.
	 */
	public static final String AUDIENCE = "nimbus-incidents";

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	public static final String ROLES_CLAIM = "roles";

	private final Path publicKey;

	private final RSAPrivateKey privateKey;

	private LocalIssuer(Path publicKey, RSAPrivateKey privateKey) {
		this.publicKey = publicKey;
		this.privateKey = privateKey;
	}

	/**
	 * The issuer whose keys are in {@code keyDir}, made there on first use.
	 */
	public static synchronized LocalIssuer at(Path keyDir) {
		Path publicFile = keyDir.resolve("jwt-public.pem");
		Path privateFile = keyDir.resolve("jwt-private.pem");
		try {
			if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
				Files.createDirectories(keyDir);
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				KeyPair pair = generator.generateKeyPair();
				Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
				Files.deleteIfExists(privateFile);
				if (posix(keyDir)) {
					Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
				}
				Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
			}
			if (posix(keyDir) && !Files.getPosixFilePermissions(privateFile).equals(OWNER_ONLY)) {
				Files.setPosixFilePermissions(privateFile, OWNER_ONLY);
			}
			String encoded = Files.readString(privateFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
			return new LocalIssuer(publicFile.toAbsolutePath(), key);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the local issuer's keys in " + keyDir, ex);
		}
	}

	private static boolean posix(Path dir) {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/**
	 * The value for
	 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}.
	 */
	public String publicKeyLocation() {
		return "file:" + this.publicKey;
	}

	/**
	 * A signed token for {@code subject} with {@code roles}, valid for {@code ttl}.
	 */
	public String token(String subject, List<String> roles, Duration ttl) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject(subject)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plus(ttl)))
			.claim(ROLES_CLAIM, List.copyOf(roles))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("local").build(), claims);
		try {
			jwt.sign(new RSASSASigner(this.privateKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a token", ex);
		}
		return jwt.serialize();
	}

	public String token(String subject, String... roles) {
		return token(subject, List.of(roles), Duration.ofHours(12));
	}

}
