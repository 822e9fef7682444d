package com.nimbus.incidents.notifier.subscription;

import java.time.Clock;

import com.nimbus.incidents.notifier.channel.TargetPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class SubscriptionConfiguration {

	@Bean
	SubscriptionIndex subscriptionIndex() {
		return new SubscriptionIndex();
	}

	@Bean
	Subscriptions subscriptions(MongoTemplate mongo, SubscriptionIndex index, TargetPolicy targets, Clock clock) {
		return new Subscriptions(new SubscriptionStore(mongo), index, targets, clock);
	}

}
