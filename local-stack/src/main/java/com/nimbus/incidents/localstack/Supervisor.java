package com.nimbus.incidents.localstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replaces a child of the local stack that exits when nobody asked it to: an
 * {@code OutOfMemoryError} (every child runs with {@code -XX:+ExitOnOutOfMemoryError}), a
 * crash, a {@code kill -9} from outside. A process that fails must be seen and replaced,
 * as an orchestrator would do, or the stack quietly answers on some ports only.
 * <p>
 * It watches each child's exit. An exit is expected only after {@link #release}, which
 * {@link Platform}'s {@code stop} and {@code kill} call first, so the fault tests can
 * still take a component away on purpose and start it themselves. Any other exit is
 * reported and followed, after a {@link RestartBackoff} delay, by a start of the same
 * component on the same port with the same arguments; a start that fails is retried with
 * a longer delay. Each component's restarts run one at a time, on the supervisor's own
 * threads.
 */
final class Supervisor implements AutoCloseable {

	/**
	 * Starts a component again and returns once it is ready, having called
	 * {@link Supervisor#running} for the new child: {@link Platform#start(Component)}.
	 */
	interface Starter {

		void start(Component component) throws Exception;

	}

	private enum State {

		/** Up; an exit is a failure. */
		RUNNING,
		/** Failed; a restart is scheduled. */
		WAITING,
		/** Being started again; the attempt itself handles a failure. */
		RESTARTING,
		/** Stopped on purpose, or never started: exits are expected. */
		RELEASED

	}

	private static final class Watch {

		private State state = State.RELEASED;

		private CompletableFuture<Integer> exit;

		private Instant upSince;

		private Instant downSince;

		private int failures;

		private int attempts;

		private int restarts;

		private ScheduledFuture<?> pending;

	}

	private final Starter starter;

	/** Stops whatever a failed start left behind, without releasing the component. */
	private final Consumer<Component> discard;

	private final RestartBackoff backoff;

	private final Consumer<String> console;

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final Map<Component, Watch> watches = new EnumMap<>(Component.class);

	private final List<String> reports = new CopyOnWriteArrayList<>();

	private boolean closed;

	/**
	 * @param threads how many restarts may be under way at once: one per component, so
	 * that the store is not kept waiting behind a service's two-minute start
	 */
	Supervisor(Starter starter, Consumer<Component> discard, RestartBackoff backoff, Consumer<String> console,
			Clock clock, int threads) {
		this.starter = starter;
		this.discard = discard;
		this.backoff = backoff;
		this.console = console;
		this.clock = clock;
		this.scheduler = Executors.newScheduledThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "supervisor");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Watches a child that has just become ready: from now on its exit is a failure.
	 */
	synchronized void running(Component component, CompletableFuture<Integer> exit) {
		if (this.closed) {
			return;
		}
		Watch watch = this.watches.computeIfAbsent(component, (key) -> new Watch());
		watch.exit = exit;
		watch.upSince = this.clock.instant();
		watch.state = State.RUNNING;
		exit.thenAccept((code) -> exited(component, exit, code));
	}

	/**
	 * The component is about to be stopped or killed on purpose: its exit is expected and
	 * any restart still pending is cancelled.
	 */
	synchronized void release(Component component) {
		Watch watch = this.watches.get(component);
		if (watch != null) {
			watch.state = State.RELEASED;
			if (watch.pending != null) {
				watch.pending.cancel(false);
			}
		}
	}

	/**
	 * How many times the component was started again after an unexpected exit and came
	 * back.
	 */
	synchronized int restarts(Component component) {
		Watch watch = this.watches.get(component);
		return (watch != null) ? watch.restarts : 0;
	}

	/**
	 * Every line the supervisor has written to the console, oldest first.
	 */
	List<String> reports() {
		return List.copyOf(this.reports);
	}

	private synchronized void exited(Component component, CompletableFuture<Integer> exit, int code) {
		Watch watch = this.watches.get(component);
		if (this.closed || watch.exit != exit || watch.state != State.RUNNING) {
			return;
		}
		Instant now = this.clock.instant();
		if (this.backoff.forgets(Duration.between(watch.upSince, now))) {
			watch.failures = 0;
		}
		watch.downSince = now;
		scheduleRestart(component, watch, "exited unexpectedly (exit code " + code + ")");
	}

	private void scheduleRestart(Component component, Watch watch, String what) {
		watch.failures++;
		watch.attempts++;
		Duration delay = this.backoff.delay(watch.failures);
		watch.state = State.WAITING;
		watch.pending = this.scheduler.schedule(() -> restart(component, watch), delay.toMillis(),
				TimeUnit.MILLISECONDS);
		report(component.processName() + " " + what + "; restarting in " + seconds(delay) + " (restart "
				+ watch.attempts + ")");
	}

	private void restart(Component component, Watch watch) {
		synchronized (this) {
			if (this.closed || watch.state != State.WAITING) {
				return;
			}
			watch.state = State.RESTARTING;
		}
		try {
			this.starter.start(component);
			synchronized (this) {
				watch.restarts++;
				report(component.processName() + " is back (healthy after "
						+ seconds(Duration.between(watch.downSince, this.clock.instant())) + ")");
			}
		}
		catch (InterruptedException ex) {
			// closing: the platform stops what this start left
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			failedToRestart(component, watch, ex);
		}
	}

	private void failedToRestart(Component component, Watch watch, Exception failure) {
		synchronized (this) {
			if (this.closed || watch.state != State.RESTARTING) {
				return;
			}
		}
		this.discard.accept(component);
		synchronized (this) {
			if (!this.closed && watch.state == State.RESTARTING) {
				scheduleRestart(component, watch, "did not come back (" + failure.getMessage() + ")");
			}
		}
	}

	private void report(String line) {
		this.reports.add(line);
		this.console.accept(line);
	}

	private static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : String.format("%.1f s", millis / 1000.0);
	}

	/**
	 * Stops watching and interrupts a restart under way; the platform then stops every
	 * child itself.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
		}
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
