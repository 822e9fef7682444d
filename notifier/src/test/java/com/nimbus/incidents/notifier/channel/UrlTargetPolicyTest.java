package com.nimbus.incidents.notifier.channel;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which targets a subscription may name, in production
 * ({@code allow-local-targets=false}) and in the local profile. Public hosts are IP
 * literals, so the table needs no network; {@code localhost} resolves through the
 * machine's own resolver.
 */
class UrlTargetPolicyTest {

	@ParameterizedTest(name = "[{index}] local={0} {1} {2} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "ACCEPTED",
			textBlock = """
					false | WEBHOOK | https://93.184.215.14/hook                 | ACCEPTED
					false | SLACK   | https://93.184.215.14/services/T0/B0/x     | ACCEPTED
					false | WEBHOOK | https://[2606:4700::6810:84e5]/hook        | ACCEPTED
					false | WEBHOOK | https://172.32.0.1/hook                    | ACCEPTED
					false | WEBHOOK | https://100.128.0.1/hook                   | ACCEPTED
					false | WEBHOOK | HTTPS://93.184.215.14/hook                 | ACCEPTED
					false | WEBHOOK | http://93.184.215.14/hook                  | the target must be an https URL
					false | SLACK   | http://93.184.215.14/hook                  | the target must be an https URL
					false | WEBHOOK | http://127.0.0.1:9000/hook                 | the target must be an https URL
					false | WEBHOOK | https://127.0.0.1/hook                     | target resolves to a local address (127.0.0.1)
					false | WEBHOOK | https://localhost:8443/hook                | target resolves to a local address (127.0.0.1)
					false | WEBHOOK | https://127.8.9.10/hook                    | target resolves to a local address (127.8.9.10)
					false | WEBHOOK | https://0.0.0.0/hook                       | target resolves to a local address (0.0.0.0)
					false | WEBHOOK | https://10.1.2.3/hook                      | target resolves to a local address (10.1.2.3)
					false | WEBHOOK | https://172.16.0.1/hook                    | target resolves to a local address (172.16.0.1)
					false | WEBHOOK | https://172.31.255.254/hook                | target resolves to a local address (172.31.255.254)
					false | WEBHOOK | https://192.168.1.1/hook                   | target resolves to a local address (192.168.1.1)
					false | WEBHOOK | https://169.254.169.254/latest/meta-data   | target resolves to a local address (169.254.169.254)
					false | WEBHOOK | https://100.64.0.1/hook                    | target resolves to a local address (100.64.0.1)
					false | WEBHOOK | https://100.127.255.254/hook               | target resolves to a local address (100.127.255.254)
					false | WEBHOOK | https://224.0.0.1/hook                     | target resolves to a local address (224.0.0.1)
					false | WEBHOOK | https://255.255.255.255/hook               | target resolves to a local address (255.255.255.255)
					false | WEBHOOK | https://[::1]/hook                         | target resolves to a local address (0:0:0:0:0:0:0:1)
					false | WEBHOOK | https://[::]/hook                          | target resolves to a local address (0:0:0:0:0:0:0:0)
					false | WEBHOOK | https://[fe80::1]/hook                     | target resolves to a local address (fe80:0:0:0:0:0:0:1)
					false | WEBHOOK | https://[fd12:3456::1]/hook                | target resolves to a local address (fd12:3456:0:0:0:0:0:1)
					false | WEBHOOK | https://[fc00::1]/hook                     | target resolves to a local address (fc00:0:0:0:0:0:0:1)
					false | WEBHOOK | https://[ff02::1]/hook                     | target resolves to a local address (ff02:0:0:0:0:0:0:1)
					false | WEBHOOK | https://[::ffff:10.0.0.1]/hook             | target resolves to a local address (10.0.0.1)
					false | WEBHOOK | https://[64:ff9b::a9fe:a9fe]/hook          | target resolves to a local address (64:ff9b:0:0:0:0:a9fe:a9fe)
					false | WEBHOOK | https://2130706433/hook                    | target resolves to a local address (127.0.0.1)
					false | WEBHOOK | https://127.1/hook                         | the target URL has no host
					false | WEBHOOK | https://no-such-host.invalid/hook          | the target's host does not resolve: no-such-host.invalid
					false | WEBHOOK | https://user:pw@93.184.215.14/hook         | the target URL must not carry user-info
					false | WEBHOOK | ftp://93.184.215.14/hook                   | the target must be an absolute http or https URL
					false | WEBHOOK | file:///etc/passwd                         | the target must be an absolute http or https URL
					false | WEBHOOK | /hooks/relative                            | the target must be an absolute http or https URL
					false | WEBHOOK | https:///no-host                           | the target URL has no host
					false | WEBHOOK | https://exa mple.com/                      | the target is not a URL: Illegal character in authority at index 8: https://exa mple.com/
					false | EMAIL   | oncall@example.com                         | ACCEPTED
					false | EMAIL   | Ops Team <ops@example.com>                 | ACCEPTED
					false | EMAIL   | not-an-address                             | the target is not a valid email address: Missing final '@domain'
					false | EMAIL   | @example.com                               | the target is not a valid email address: Missing local name
					false | EMAIL   | a@example.com; b@example.com               | the target is not a valid email address: Illegal semicolon, not in group
					true  | WEBHOOK | http://127.0.0.1:9000/hook                 | ACCEPTED
					true  | WEBHOOK | http://localhost:9000/hook                 | ACCEPTED
					true  | SLACK   | http://127.0.0.1:9001/services/T0/B0/x     | ACCEPTED
					true  | WEBHOOK | https://10.1.2.3/hook                      | ACCEPTED
					true  | WEBHOOK | https://93.184.215.14/hook                 | ACCEPTED
					true  | WEBHOOK | ftp://127.0.0.1/hook                       | the target must be an absolute http or https URL
					true  | WEBHOOK | http://user@127.0.0.1:9000/hook            | the target URL must not carry user-info
					true  | WEBHOOK | mailto:oncall@example.com                  | the target must be an absolute http or https URL
					true  | EMAIL   | oncall@example.com                         | ACCEPTED
					true  | EMAIL   | https://93.184.215.14/hook                 | the target is not a valid email address: Local address contains illegal character
					""")
	void targets(boolean allowLocalTargets, ChannelKind channel, String target, String refusal) {
		assertThat(new UrlTargetPolicy(allowLocalTargets).refusal(channel, target))
			.isEqualTo(Optional.ofNullable(refusal));
	}

	@Test
	void blankTargetsLineBreaksSeveralAddressesAndHugeTargetsAreRefusedInBothModes() {
		for (boolean local : new boolean[] { false, true }) {
			UrlTargetPolicy policy = new UrlTargetPolicy(local);
			assertThat(policy.refusal(ChannelKind.WEBHOOK, "")).contains("the target is required");
			assertThat(policy.refusal(ChannelKind.EMAIL, null)).contains("the target is required");
			assertThat(policy.refusal(ChannelKind.EMAIL, "ops@example.com\r\nBcc: all@example.com"))
				.contains("the target contains a line break");
			assertThat(policy.refusal(ChannelKind.WEBHOOK, "https://93.184.215.14/\nhook"))
				.contains("the target contains a line break");
			assertThat(policy.refusal(ChannelKind.EMAIL, "a@example.com, b@example.com"))
				.contains("the target must be exactly one email address");
			assertThat(policy.refusal(ChannelKind.WEBHOOK, "https://93.184.215.14/" + "a".repeat(2100)))
				.contains("the target is longer than 2048 characters");
		}
	}

	@Test
	void aHostIsRefusedWhenAnyOfItsAddressesIsLocal() throws Exception {
		// a name with a public and a private address (no such name resolves on this
		// machine)
		InetAddress[] addresses = { InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7") };
		UrlTargetPolicy policy = new UrlTargetPolicy(false, (host) -> addresses);
		assertThat(policy.refusal(ChannelKind.WEBHOOK, "https://hooks.example.com/x"))
			.contains("target resolves to a local address (10.0.0.7)");
	}

}
