package com.nimbus.incidents.e2e;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} pins every image to an exact version, the same ones the
 * integration tests run with Testcontainers, and builds the services from this
 * repository; every process in it is replaced when it fails. It exposes nothing beyond
 * this machine: ports on 127.0.0.1, Kafka on the compose network only, MongoDB with a
 * user, the private key only in the console.
 */
class ComposeFileIT {

	private static final List<String> SERVICES = List.of("incident-command", "timeline-projector", "incident-query",
			"notifier");

	private static final Path HOME = Path.of(System.getProperty("platform.home", ".."));

	@Test
	@SuppressWarnings("unchecked")
	void imagesArePinnedAndServicesBuiltFromThisRepository() throws Exception {
		Path home = HOME;
		Map<String, Map<String, Object>> services = services();
		assertThat(services).containsOnlyKeys("kafka", "mongo", "incident-command", "timeline-projector",
				"incident-query", "notifier", "console");
		assertThat(services.get("kafka").get("image")).isEqualTo(System.getProperty("kafka.image"));
		assertThat(services.get("mongo").get("image")).isEqualTo(System.getProperty("mongo.image"));
		services.forEach((name, service) -> {
			String image = (String) service.get("image");
			assertThat(image).as(name).matches("[a-z0-9./-]+:[0-9][0-9A-Za-z._-]*").doesNotEndWith(":latest");
			assertThat(service).as(name + " has a health check").containsKey("healthcheck");
		});
		for (String name : new String[] { "incident-command", "timeline-projector", "incident-query", "notifier",
				"console" }) {
			Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
			assertThat(build.get("context")).isEqualTo(".");
			assertThat((Map<String, Object>) build.get("args")).containsEntry("SERVICE", name);
		}
		assertThat(Files.readString(home.resolve("Dockerfile"))).doesNotContain(":latest")
			.contains("FROM maven:3.9.9-eclipse-temurin-17 AS build")
			.contains("FROM eclipse-temurin:17.0.12_7-jre");
	}

	@Test
	void everyPublishedPortListensOnThisMachineOnly() throws Exception {
		services().forEach((name, service) -> {
			List<String> ports = strings(service.get("ports"));
			assertThat(ports).as(name).allSatisfy((port) -> assertThat(port).matches("127\\.0\\.0\\.1:\\d+:\\d+"));
		});
		assertThat(services().get("incident-command").get("ports")).isEqualTo(List.of("127.0.0.1:8081:8081"));
		assertThat(services().get("notifier").get("ports")).isEqualTo(List.of("127.0.0.1:8084:8084"));
	}

	@Test
	void theNotifierGetsItsSmtpServerFromTheEnvironmentAndNoLocalProfile() throws Exception {
		Map<String, Object> notifier = environment(services().get("notifier"));
		assertThat(notifier.get("SERVER_PORT")).isEqualTo("8084");
		assertThat(notifier).containsKeys("NOTIFIER_SMTP_HOST", "NOTIFIER_SMTP_PORT", "NOTIFIER_SMTP_FROM",
				"NOTIFIER_SMTP_USERNAME", "NOTIFIER_SMTP_PASSWORD", "NOTIFIER_SMTP_STARTTLS", "NOTIFIER_CONSOLE_URL");
		assertThat(notifier).doesNotContainKey("SPRING_PROFILES_ACTIVE");
	}

	@Test
	void kafkaListensOnTheComposeNetworkOnly() throws Exception {
		Map<String, Object> kafka = services().get("kafka");
		Map<String, Object> environment = environment(kafka);

		assertThat(kafka).doesNotContainKey("ports");
		assertThat(environment.get("KAFKA_LISTENERS")).isEqualTo("PLAINTEXT://:9092,CONTROLLER://:9093");
		assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://kafka:9092");
	}

	@Test
	void mongoRequiresAUserAndEveryServiceSignsIn() throws Exception {
		Map<String, Object> mongo = environment(services().get("mongo"));

		assertThat(mongo.get("MONGO_INITDB_ROOT_USERNAME")).isEqualTo("${MONGO_ROOT_USERNAME:-nimbus}");
		assertThat(mongo.get("MONGO_INITDB_ROOT_PASSWORD")).isEqualTo("${MONGO_ROOT_PASSWORD:-nimbus-local-only}");
		for (String name : SERVICES) {
			assertThat(environment(services().get(name)).get("SPRING_MONGODB_URI")).as(name)
				.isEqualTo("mongodb://${MONGO_ROOT_USERNAME:-nimbus}:${MONGO_ROOT_PASSWORD:-nimbus-local-only}"
						+ "@mongo:27017/?authSource=admin");
		}
	}

	@Test
	void theServicesGetThePublicKeyAndOnlyTheConsoleThePrivateOne() throws Exception {
		for (String name : SERVICES) {
			assertThat(strings(services().get(name).get("volumes"))).as(name)
				.containsExactly("./data/keys/jwt-public.pem:/keys/jwt-public.pem:ro");
		}
		assertThat(strings(services().get("console").get("volumes")))
			.containsExactly("./data/keys/jwt-private.pem:/keys/jwt-private.pem:ro");
		services().forEach((name, service) -> assertThat(strings(service.get("volumes"))).as(name)
			.noneMatch((volume) -> volume.startsWith("./data/keys:")));
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
		for (String name : new String[] { "incident-command", "timeline-projector", "incident-query", "notifier",
				"console" }) {
			Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
			assertThat((String) environment.get("JAVA_TOOL_OPTIONS")).as(name).contains("-XX:+ExitOnOutOfMemoryError");
		}
		Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
		assertThat((String) kafka.get("KAFKA_OPTS")).contains("-XX:+ExitOnOutOfMemoryError");
		assertThat(Files.readString(home.resolve("Dockerfile"))).contains("-XX:+ExitOnOutOfMemoryError");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() throws Exception {
		try (Reader reader = Files.newBufferedReader(HOME.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = new Yaml().load(reader);
			return (Map<String, Map<String, Object>>) compose.get("services");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(Map<String, Object> service) {
		return (Map<String, Object>) service.get("environment");
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Object list) {
		return (list != null) ? (List<String>) list : List.of();
	}

}
