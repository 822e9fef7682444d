package com.nimbus.incidents.localstack;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * What each service's exit does with its class-data archive ({@link ClassDataArchive}),
 * run on the thread that sees the exit, until done: the launcher waits for these before
 * it ends, so that an archive written by a clean stop is not left unkept.
 */
final class ArchiveHandovers {

	private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();

	/**
	 * Runs {@code onExit} with the exit code once {@code exited} completes.
	 */
	void track(CompletableFuture<Integer> exited, IntConsumer onExit) {
		CompletableFuture<Void> handedOver = exited.thenAccept(onExit::accept);
		this.pending.add(handedOver);
		handedOver.whenComplete((done, failure) -> this.pending.remove(handedOver));
	}

	/**
	 * Waits up to {@code patience} for every hand-over under way; one not done by then
	 * only means a slower next start.
	 */
	void await(Duration patience) {
		try {
			CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new))
				.get(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// not kept: the next start writes the archive again
		}
	}

}
