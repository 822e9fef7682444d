package com.nimbus.incidents.notifier.delivery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbus.incidents.notifier.channel.ChannelSender;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The engine, its book and its stores.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

	@Bean
	LaneStore laneStore(MongoTemplate mongo) {
		LaneStore lanes = new LaneStore(mongo);
		lanes.ensureIndexes();
		return lanes;
	}

	@Bean
	AttemptLog attemptLog(MongoTemplate mongo, DeliveryProperties properties) {
		return new AttemptLog(mongo, properties.attemptsKept());
	}

	@Bean
	DeliveryEngine deliveryEngine(DeliveryProperties properties, List<ChannelSender> senders,
			SubscriptionDirectory directory, LaneStore lanes, AttemptLog attempts, Clock clock, MeterRegistry meters,
			@Value("${notifier.console-url:http://127.0.0.1:8080}") String consoleUrl) {
		LaneBook book = new LaneBook(properties.maxInFlightPerSubscription(),
				new Backoff(properties.firstRetry(), properties.maxRetryInterval(), new SecureRandom()),
				properties.giveUpAfter());
		return new DeliveryEngine(book, senders, directory, lanes, new ProgressWriter(lanes, attempts),
				new Notifications(consoleUrl), clock, Duration.ofSeconds(10), meters);
	}

}
