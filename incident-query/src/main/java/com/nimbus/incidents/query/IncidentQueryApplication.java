package com.nimbus.incidents.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IncidentQueryApplication {

	public static void main(String[] args) {
		SpringApplication.run(IncidentQueryApplication.class, args);
	}

}
