package com.nimbus.incidents.e2e;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} pins every image to an exact version, the same ones the
 * integration tests run with Testcontainers, and builds the services from this
 * repository; every process in it is replaced when it fails.
 */
class ComposeFileIT {

	@Test
	@SuppressWarnings("unchecked")
	void imagesArePinnedAndServicesBuiltFromThisRepository() throws Exception {
		Path home = Path.of(System.getProperty("platform.home", ".."));
		Map<String, Object> compose;
		try (Reader reader = Files.newBufferedReader(home.resolve("docker-compose.yml"))) {
			compose = new Yaml().load(reader);
		}
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		assertThat(services).containsOnlyKeys("kafka", "mongo", "incident-command", "timeline-projector",
				"incident-query", "console");
		assertThat(services.get("kafka").get("image")).isEqualTo(System.getProperty("kafka.image"));
		assertThat(services.get("mongo").get("image")).isEqualTo(System.getProperty("mongo.image"));
		services.forEach((name, service) -> {
			String image = (String) service.get("image");
			assertThat(image).as(name).matches("[a-z0-9./-]+:[0-9][0-9A-Za-z._-]*").doesNotEndWith(":latest");
			assertThat(service).as(name + " has a health check").containsKey("healthcheck");
		});
		for (String name : new String[] { "incident-command", "timeline-projector", "incident-query", "console" }) {
			Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
			assertThat(build.get("context")).isEqualTo(".");
			assertThat((Map<String, Object>) build.get("args")).containsEntry("SERVICE", name);
		}
		assertThat(Files.readString(home.resolve("Dockerfile"))).doesNotContain(":latest")
			.contains("FROM maven:3.9.9-eclipse-temurin-17 AS build")
			.contains("FROM eclipse-temurin:17.0.12_7-jre");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyProcessIsRestartedAndEveryJvmExitsOnOutOfMemory() throws Exception {
		Path home = Path.of(System.getProperty("platform.home", ".."));
		Map<String, Object> compose;
		try (Reader reader = Files.newBufferedReader(home.resolve("docker-compose.yml"))) {
			compose = new Yaml().load(reader);
		}
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
		services.forEach((name, service) -> assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped"));
		for (String name : new String[] { "incident-command", "timeline-projector", "incident-query", "console" }) {
			Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
			assertThat((String) environment.get("JAVA_TOOL_OPTIONS")).as(name).contains("-XX:+ExitOnOutOfMemoryError");
		}
		Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
		assertThat((String) kafka.get("KAFKA_OPTS")).contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(Files.readString(home.resolve("Dockerfile"))).contains("-XX:+ExitOnOutOfMemoryError");
	}

}
