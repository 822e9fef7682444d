package com.nimbus.incidents.notifier.channel;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The three channel senders and the target policy the subscription API checks targets
 * with; the webhook and Slack senders share one HTTP client.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChannelProperties.class)
public class ChannelConfiguration {

	@Bean
	UrlTargetPolicy targetPolicy(ChannelProperties properties) {
		return new UrlTargetPolicy(properties.allowLocalTargets());
	}

	@Bean(destroyMethod = "close")
	HttpDelivery httpDelivery(UrlTargetPolicy targetPolicy, ChannelProperties properties) {
		ChannelProperties.Http http = properties.http();
		return new HttpDelivery(targetPolicy, http.connectTimeout(), http.deadline(), http.maxResponseBytes());
	}

	@Bean
	WebhookSender webhookSender(HttpDelivery httpDelivery, ObjectProvider<Clock> clock) {
		return new WebhookSender(httpDelivery, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	SlackSender slackSender(HttpDelivery httpDelivery) {
		return new SlackSender(httpDelivery);
	}

	@Bean(destroyMethod = "close")
	EmailSender emailSender(ChannelProperties properties) {
		return new EmailSender(properties.smtp());
	}

}
