package com.nimbus.incidents.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedMongoStore} as its own process:
 * {@code --data-file <file> --host 127.0.0.1 --port 27017 [--parent-pid <pid>]}. Without
 * {@code --data-file} the store is in memory. Prints {@code READY <connection string>}.
 */
public final class MongoStoreMain {

	private MongoStoreMain() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.parse(args, List.of("data-file", "host", "port", "parent-pid"));
		EmbeddedMongoStore store;
		try {
			store = EmbeddedMongoStore.start(arguments.option("data-file").map(Path::of).orElse(null),
					arguments.option("host").orElse("127.0.0.1"), arguments.intOption("port", 27017));
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
			store.close();
			stopped.countDown();
		}, "mongo-shutdown"));
		ParentWatchdog.watch(arguments.option("parent-pid"));
		System.out.println("READY " + store.connectionString());
		stopped.await();
	}

}
