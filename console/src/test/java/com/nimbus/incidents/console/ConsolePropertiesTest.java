package com.nimbus.incidents.console;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Local sign-in lets anyone in as anyone, so it must never be what a console gets by
 * default.
 */
class ConsolePropertiesTest {

	@Test
	void withNothingConfiguredSignInIsOpenIdConnect() {
		assertThat(ConsoleProperties.signInOf(null, null)).isEqualTo("oidc");
		assertThat(ConsoleProperties.signInOf(" ", "")).isEqualTo("oidc");
		assertThat(properties(null, null).signIn()).isEqualTo("oidc");
		assertThat(properties(null, null).localKeyDir()).isNull();
	}

	@Test
	void theLocalStacksKeyDirectoryTurnsLocalSignInOn() {
		assertThat(ConsoleProperties.signInOf(null, "/tmp/platform/keys")).isEqualTo("local");
		assertThat(properties(null, "/tmp/platform/keys").signIn()).isEqualTo("local");
	}

	@Test
	void aNamedSignInWinsOverTheKeyDirectory() {
		assertThat(ConsoleProperties.signInOf("oidc", "/tmp/platform/keys")).isEqualTo("oidc");
		assertThat(ConsoleProperties.signInOf("LOCAL", null)).isEqualTo("local");
		assertThat(properties("local", null).localKeyDir()).isEqualTo("./data/keys");
	}

	@Test
	void anUnknownSignInIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConsoleProperties.signInOf("none", null))
			.withMessage("console.sign-in is 'none'; it must be 'oidc', or 'local' on a laptop");
	}

	private static ConsoleProperties properties(String signIn, String localKeyDir) {
		return new ConsoleProperties("http://127.0.0.1:8081", "http://127.0.0.1:8082", signIn, localKeyDir,
				new ConsoleProperties.Oidc(null, null, null, List.of("openid")), "http://127.0.0.1:8084");
	}

}
