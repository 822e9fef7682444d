package com.nimbus.incidents.localstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one node),
 * listening on loopback, with its log under {@code dataDir} so that topics and offsets
 * survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

	/** Fixed, so that a data directory formatted once is reused on every start. */
	private static final String CLUSTER_ID = "nimbus-incidents-local";

	private final KafkaRaftServer server;

	private final String bootstrapServers;

	private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
		this.server = server;
		this.bootstrapServers = bootstrapServers;
	}

	public static EmbeddedKafkaBroker start(Path dataDir, String host, int port, int controllerPort) throws Exception {
		Files.createDirectories(dataDir);
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
		properties.put("listeners",
				"PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.put("log.dirs", dataDir.toAbsolutePath().toString());
		properties.put("num.partitions", "3");
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("offsets.topic.num.partitions", "6");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("auto.create.topics.enable", "false");
		properties.put("log.retention.ms", "-1");
		// the cleaner compacts only the offsets topic here; its default 128 MiB buffer is
		// allocated (and touched) at start, a third of the broker's resident memory
		properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
		properties.put("socket.request.max.bytes", String.valueOf(50 * 1024 * 1024));
		format(dataDir, properties);
		KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
		server.startup();
		return new EmbeddedKafkaBroker(server, host + ":" + port);
	}

	private static void format(Path dataDir, Properties properties) throws Exception {
		if (Files.exists(dataDir.resolve("meta.properties"))) {
			return;
		}
		Path config = Files.createTempFile("kafka-server", ".properties");
		try (var out = Files.newOutputStream(config)) {
			properties.store(out, "embedded broker");
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int exit = StorageTool.execute(new String[] { "format", "--config", config.toString(), "--cluster-id",
				clusterId(), "--ignore-formatted" }, new PrintStream(output, true, StandardCharsets.UTF_8));
		Files.deleteIfExists(config);
		if (exit != 0) {
			throw new IllegalStateException(
					"Formatting " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
		}
	}

	/** A KRaft cluster id is a base64 UUID; derive a stable one from the fixed name. */
	private static String clusterId() {
		java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(CLUSTER_ID.getBytes(StandardCharsets.UTF_8));
		java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
		bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

}
