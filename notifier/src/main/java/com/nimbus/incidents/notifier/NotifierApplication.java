package com.nimbus.incidents.notifier;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Tells subscribers what changed: reads {@code incident-events} in its own consumer
 * group, matches every event against the subscriptions and delivers it through the
 * subscription's channel, in order per subscription and incident.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(NotifierApplication.class, args);
	}

}
