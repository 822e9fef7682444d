package com.nimbus.incidents.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class IncidentQueryApplication {

	public static void main(String[] args) {
		SpringApplication.run(IncidentQueryApplication.class, args);
	}

}
