package com.nimbus.incidents.notifier.intake;

import com.nimbus.incidents.notifier.delivery.DeliveryEngine;
import com.nimbus.incidents.notifier.delivery.LaneStore;
import com.nimbus.incidents.notifier.subscription.SubscriptionIndex;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

	@Bean
	IntakeLoop intakeLoop(KafkaProperties kafka, MongoTemplate mongo, SubscriptionIndex subscriptions, LaneStore lanes,
			DeliveryEngine engine, MeterRegistry meters) {
		return new IntakeLoop(kafka, new Intake(new ContextStore(mongo), subscriptions, lanes), engine,
				new IntakeDelays(meters));
	}

	@Bean
	IntakeHealthIndicator intakeHealthIndicator(IntakeLoop intakeLoop) {
		return new IntakeHealthIndicator(intakeLoop);
	}

}
