package com.nimbus.incidents.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafkaBroker} as its own process: {@code --data-dir
 *
<dir>
 *  --host 127.0.0.1 --port 9092 --controller-port 9093 [--parent-pid <pid>]}. Prints
 * {@code READY <bootstrap servers>} once the broker serves requests.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.parse(args,
				List.of("data-dir", "host", "port", "controller-port", "parent-pid"));
		String host = arguments.option("host").orElse("127.0.0.1");
		int port = arguments.intOption("port", 9092);
		EmbeddedKafkaBroker broker;
		try {
			broker = EmbeddedKafkaBroker.start(Path.of(arguments.option("data-dir").orElse("data/kafka")), host, port,
					arguments.intOption("controller-port", port + 1));
		}
		catch (Exception | Error ex) {
			// threads left by a failed start would keep this JVM alive, neither
			// ready nor gone: exit, so that the launcher sees the failure at once
			ex.printStackTrace();
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			stopped.countDown();
		}, "kafka-shutdown"));
		ParentWatchdog.watch(arguments.option("parent-pid"));
		System.out.println("READY " + broker.bootstrapServers());
		stopped.await();
	}

}
