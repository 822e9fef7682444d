package com.nimbus.incidents.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbus.incidents.localstack.EmbeddedKafkaBroker;
import com.nimbus.incidents.localstack.EmbeddedMongoStore;
import com.nimbus.incidents.localstack.FreePorts;
import com.nimbus.incidents.localstack.LocalIssuer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker and a Mongo-protocol store for integration tests, one of each per
 * test JVM. Where Docker runs, they are Testcontainers with pinned images (the
 * {@code kafka.image} and {@code mongo.image} system properties, set by the build);
 * elsewhere the embedded KRaft broker and mongo-java-server. The test code picks, not the
 * person running it.
 */
public final class TestInfrastructure {

	private static Kafka kafka;

	private static Mongo mongo;

	private static LocalIssuer issuer;

	/**
	 * The issuer of tokens for integration tests: services under test verify with its
	 * public key ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}).
	 */
	public static synchronized LocalIssuer issuer() {
		if (issuer == null) {
			try {
				issuer = LocalIssuer.at(Files.createTempDirectory("test-issuer"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return issuer;
	}

	private TestInfrastructure() {
	}

	/** A running broker. */
	public interface Kafka {

		String bootstrapServers();

		String kind();

		/**
		 * Makes the broker unreachable, as an outage would; {@link #resume()} brings it
		 * back with its data, at the same address.
		 */
		void pause();

		void resume();

	}

	/** A running store. */
	public interface Mongo {

		String connectionString();

		String kind();

	}

	public static synchronized Kafka kafka() {
		if (kafka == null) {
			kafka = dockerAvailable()
					? orEmbedded(TestInfrastructure::containerKafka, TestInfrastructure::embeddedKafka)
					: embeddedKafka();
			System.out.println("Integration tests use Kafka: " + kafka.kind() + " at " + kafka.bootstrapServers());
		}
		return kafka;
	}

	public static synchronized Mongo mongo() {
		if (mongo == null) {
			mongo = dockerAvailable()
					? orEmbedded(TestInfrastructure::containerMongo, TestInfrastructure::embeddedMongo)
					: embeddedMongo();
			System.out.println("Integration tests use MongoDB: " + mongo.kind() + " at " + mongo.connectionString());
		}
		return mongo;
	}

	/**
	 * A container where Docker runs and its image can be had; where the image cannot be
	 * pulled (a registry out of reach), the embedded one.
	 */
	private static <T> T orEmbedded(java.util.function.Supplier<T> container, java.util.function.Supplier<T> embedded) {
		try {
			return container.get();
		}
		catch (RuntimeException ex) {
			System.err.println("Docker runs but the container did not start (" + ex.getMessage()
					+ "); using the embedded one instead");
			return embedded.get();
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | Error ex) {
			return false;
		}
	}

	private static Kafka containerKafka() {
		KafkaContainer container = new KafkaContainer(
				DockerImageName.parse(System.getProperty("kafka.image", "apache/kafka:4.1.2")));
		container.start();
		return new Kafka() {
			@Override
			public String bootstrapServers() {
				return container.getBootstrapServers();
			}

			@Override
			public String kind() {
				return "Testcontainers " + container.getDockerImageName();
			}

			@Override
			public void pause() {
				container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
			}

			@Override
			public void resume() {
				container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
			}
		};
	}

	private static Mongo containerMongo() {
		MongoDBContainer container = new MongoDBContainer(
				DockerImageName.parse(System.getProperty("mongo.image", "mongo:8.0.12")));
		container.start();
		return new Mongo() {
			@Override
			public String connectionString() {
				return "mongodb://" + container.getHost() + ":" + container.getMappedPort(27017);
			}

			@Override
			public String kind() {
				return "Testcontainers " + container.getDockerImageName();
			}
		};
	}

	private static Kafka embeddedKafka() {
		try {
			return new EmbeddedKafka(Files.createTempDirectory("test-kafka"), freePort(), freePort());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the embedded Kafka broker", ex);
		}
	}

	/**
	 * The embedded broker in this JVM; paused by shutting it down, resumed by starting it
	 * again on the same ports and data directory.
	 */
	private static final class EmbeddedKafka implements Kafka {

		private final Path dataDir;

		private final int port;

		private final int controllerPort;

		private EmbeddedKafkaBroker broker;

		EmbeddedKafka(Path dataDir, int port, int controllerPort) throws Exception {
			this.dataDir = dataDir;
			this.port = port;
			this.controllerPort = controllerPort;
			this.broker = EmbeddedKafkaBroker.start(dataDir, "127.0.0.1", port, controllerPort);
			Runtime.getRuntime().addShutdownHook(new Thread(this::pause, "test-kafka-shutdown"));
		}

		@Override
		public String bootstrapServers() {
			return "127.0.0.1:" + this.port;
		}

		@Override
		public String kind() {
			return "embedded KRaft broker";
		}

		@Override
		public synchronized void pause() {
			if (this.broker != null) {
				this.broker.close();
				this.broker = null;
			}
		}

		@Override
		public synchronized void resume() {
			if (this.broker == null) {
				try {
					this.broker = EmbeddedKafkaBroker.start(this.dataDir, "127.0.0.1", this.port, this.controllerPort);
				}
				catch (Exception ex) {
					throw new IllegalStateException("Cannot restart the embedded Kafka broker", ex);
				}
			}
		}

	}

	private static Mongo embeddedMongo() {
		try {
			EmbeddedMongoStore store = EmbeddedMongoStore.start(null, "127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(store::close, "test-mongo-shutdown"));
			return new Mongo() {
				@Override
				public String connectionString() {
					return store.connectionString();
				}

				@Override
				public String kind() {
					return "embedded mongo-java-server";
				}
			};
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the embedded Mongo-protocol store", ex);
		}
	}

	/**
	 * A port free now, never handed out twice ({@link FreePorts}).
	 */
	public static int freePort() {
		return FreePorts.next();
	}

}
