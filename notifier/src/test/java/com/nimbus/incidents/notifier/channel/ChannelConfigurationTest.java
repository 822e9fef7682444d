package com.nimbus.incidents.notifier.channel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;
import com.nimbus.incidents.notifier.channel.HttpReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelConfigurationTest {

	@RegisterExtension
	static final GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ChannelConfiguration.class);

	@Test
	void productionDefaultsRefuseLocalTargetsAndKeepTheLimits() {
		this.runner.run((context) -> {
			ChannelProperties properties = context.getBean(ChannelProperties.class);
			assertThat(properties.allowLocalTargets()).isFalse();
			assertThat(properties.consoleUrl()).isEqualTo("http://127.0.0.1:8080");
			assertThat(properties.http().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(properties.http().deadline()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.http().maxResponseBytes()).isEqualTo(8192);
			assertThat(properties.smtp().host()).isEqualTo("127.0.0.1");
			assertThat(properties.smtp().starttls()).isFalse();
			assertThat(properties.smtp().timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.smtp().deadline()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(TargetPolicy.class).refusal(ChannelKind.WEBHOOK, "http://127.0.0.1:9000/hook"))
				.contains("the target must be an https URL");
			Map<ChannelKind, ChannelSender> senders = context.getBeansOfType(ChannelSender.class)
				.values()
				.stream()
				.collect(Collectors.toMap(ChannelSender::channel, (sender) -> sender));
			assertThat(senders).containsOnlyKeys(ChannelKind.WEBHOOK, ChannelKind.SLACK, ChannelKind.EMAIL);
		});
	}

	@Test
	void theLocalProfileSendsWebhooksAndEmailThroughTheConfiguredServers() throws Exception {
		try (HttpReceiver receiver = new HttpReceiver((request) -> Answer.of(200, ""))) {
			this.runner
				.withPropertyValues("notifier.allow-local-targets=true", "notifier.smtp.host=127.0.0.1",
						"notifier.smtp.port=" + smtpServer.getSmtp().getPort(),
						"notifier.smtp.from=notifier@nimbus.example", "notifier.http.deadline=4s")
				.run((context) -> {
					assertThat(context.getBean(ChannelProperties.class).http().deadline())
						.isEqualTo(Duration.ofSeconds(4));
					assertThat(context.getBean(TargetPolicy.class).refusal(ChannelKind.WEBHOOK, receiver.url("/hook")))
						.isEmpty();
					Map<ChannelKind, ChannelSender> senders = context.getBeansOfType(ChannelSender.class)
						.values()
						.stream()
						.collect(Collectors.toMap(ChannelSender::channel, (sender) -> sender));
					OutgoingNotification notification = TestNotifications.of("IncidentResolved",
							"{\"summary\":\"done\"}");

					DeliveryOutcome webhook = senders.get(ChannelKind.WEBHOOK)
						.send(notification,
								new Destination("s1", ChannelKind.WEBHOOK, receiver.url("/hook"), "whsec_local"))
						.get(10, TimeUnit.SECONDS);
					DeliveryOutcome email = senders.get(ChannelKind.EMAIL)
						.send(notification, new Destination("s2", ChannelKind.EMAIL, "oncall@example.com", null))
						.get(10, TimeUnit.SECONDS);

					assertThat(webhook.result()).isEqualTo(Result.DELIVERED);
					assertThat(receiver.received()).hasSize(1);
					assertThat(email.result()).isEqualTo(Result.DELIVERED);
					assertThat(smtpServer.getReceivedMessages()).hasSize(1);
					assertThat(smtpServer.getReceivedMessages()[0].getSubject())
						.isEqualTo("[SEV1] Checkout down: resolved");
				});
		}
	}

}
