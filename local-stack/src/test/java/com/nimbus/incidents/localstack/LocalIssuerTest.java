package com.nimbus.incidents.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalIssuerTest {

	@TempDir
	Path keys;

	@Test
	void aNewPrivateKeyIsReadableByItsOwnerOnly() throws Exception {
		LocalIssuer.at(this.keys);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.keys.resolve("jwt-private.pem"))))
			.isEqualTo("rw-------");
		assertThat(Files.readString(this.keys.resolve("jwt-public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
	}

	@Test
	void aPrivateKeyLeftReadableByAnEarlierRunIsClosedOnStart() throws Exception {
		LocalIssuer.at(this.keys);
		Path privateKey = this.keys.resolve("jwt-private.pem");
		String key = Files.readString(privateKey);
		Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-r--r--"));

		LocalIssuer.at(this.keys);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
		assertThat(Files.readString(privateKey)).isEqualTo(key);
	}

	@Test
	void itsTokensNameTheIssuerTheAudienceAndAnExpiry() throws Exception {
		Instant before = Instant.now();
		JWTClaimsSet claims = SignedJWT
			.parse(LocalIssuer.at(this.keys).token("alice@example.com", List.of("RESPONDER"), Duration.ofHours(1)))
			.getJWTClaimsSet();

		assertThat(claims.getIssuer()).isEqualTo("http://127.0.0.1/local-issuer");
		assertThat(claims.getAudience()).containsExactly("nimbus-incidents");
		assertThat(claims.getSubject()).isEqualTo("alice@example.com");
		assertThat(claims.getStringListClaim("roles")).containsExactly("RESPONDER");
		assertThat(claims.getExpirationTime().toInstant()).isBetween(before.plusSeconds(3599),
				Instant.now().plusSeconds(3600));
	}

}
