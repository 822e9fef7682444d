package com.nimbus.incidents.command;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IncidentCommandApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		// Axon's update checker phones home at start-up; this platform runs where that is
		// neither possible nor wanted.
		System.setProperty("axoniq.update-checker.disabled", "true");
		SpringApplication.run(IncidentCommandApplication.class, args);
	}

}
