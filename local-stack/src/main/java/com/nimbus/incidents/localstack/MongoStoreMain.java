package com.nimbus.incidents.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedMongoStore} as its own process:
 * {@code --data-file <file> --host 127.0.0.1 --port 27017 [--durability commit] [--parent-pid <pid>]}.
 * Without {@code --data-file} the store is in memory. Prints
 * {@code READY <connection string>}.
 * <p>
 * {@code --durability} (or the environment variable {@code NIMBUS_STORE_DURABILITY}):
 * {@code commit} (the default) answers a write once it has reached the operating system,
 * which survives {@code kill -9} of this process; {@code fsync} also forces it to the
 * disk, which survives power loss; {@code delayed} is the MVStore's own pace, kept only
 * to measure what durability costs.
 */
public final class MongoStoreMain {

	private MongoStoreMain() {
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = Arguments.parse(args, List.of("data-file", "host", "port", "durability", "parent-pid"));
		EmbeddedMongoStore store;
		try {
			store = EmbeddedMongoStore.start(arguments.option("data-file").map(Path::of).orElse(null),
					arguments.option("host").orElse("127.0.0.1"), arguments.intOption("port", 27017),
					DurableH2Backend.Durability.parse(arguments.option("durability")
						.or(() -> Optional.ofNullable(System.getenv("NIMBUS_STORE_DURABILITY")))
						.orElse("commit")));
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
