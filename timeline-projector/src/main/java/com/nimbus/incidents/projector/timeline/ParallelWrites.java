package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.stereotype.Component;

/**
 * Runs a poll's writes that go to collections of their own at the same time. Each is a
 * few round trips to the store; under load a round trip took 10-50 ms, and a poll's dozen
 * of them one after the other most of a second, while the events that came meanwhile
 * waited for the next poll. Waits for every write, whether one failed or not, so that a
 * retried poll never runs beside writes of the one before; then rethrows the first
 * failure.
 */
@Component
public class ParallelWrites implements AutoCloseable {

	/**
	 * The first step's six writes of a poll, beside the three of the poll before's last
	 * step (ADR 33), none waiting for a thread.
	 */
	private static final int THREADS = 9;

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, (task) -> {
		Thread thread = new Thread(task, "projector-writes");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Runs the writes at once and returns when all have ended.
	 * @throws RuntimeException the first write's failure, once all have ended
	 */
	public void runAll(List<Runnable> writes) {
		if (writes.size() == 1) {
			writes.get(0).run();
			return;
		}
		List<Future<?>> running = new ArrayList<>(writes.size());
		writes.forEach((write) -> running.add(this.pool.submit(write)));
		RuntimeException failure = null;
		for (Future<?> write : running) {
			try {
				write.get();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the read models were written", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
