package com.nimbus.incidents.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TimelineProjectorApplication {

	public static void main(String[] args) {
		SpringApplication.run(TimelineProjectorApplication.class, args);
	}

}
