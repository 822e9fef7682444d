package com.nimbus.incidents.localstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor against a fake platform: exits are completed futures, starts are
 * recorded. Delays are a tenth of the real ones' scale; waits are on a queue, never a
 * sleep. The supervisor here restarts on one thread, in delay order, so a restart
 * observed for one component proves that one scheduled earlier for another would have
 * happened.
 */
class SupervisorTest {

	private final MutableClock clock = new MutableClock();

	private final BlockingQueue<Component> starts = new LinkedBlockingQueue<>();

	private final Map<Component, CompletableFuture<Integer>> current = new ConcurrentHashMap<>();

	private final List<Component> discarded = new CopyOnWriteArrayList<>();

	private final AtomicInteger startsToFail = new AtomicInteger();

	private final List<String> console = new CopyOnWriteArrayList<>();

	private final Supervisor supervisor = new Supervisor(this::start, this.discarded::add,
			new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1)),
			this.console::add, this.clock, 1);

	private void start(Component component) {
		if (this.startsToFail.getAndDecrement() > 0) {
			this.starts.add(component);
			throw new IllegalStateException("port taken");
		}
		running(component);
		this.starts.add(component);
	}

	private void running(Component component) {
		CompletableFuture<Integer> exit = new CompletableFuture<>();
		this.current.put(component, exit);
		this.supervisor.running(component, exit);
	}

	private Component nextStart() throws InterruptedException {
		Component started = this.starts.poll(10, TimeUnit.SECONDS);
		assertThat(started).as("a restart within 10 s").isNotNull();
		return started;
	}

	@AfterEach
	void close() {
		this.supervisor.close();
	}

	@Test
	void anUnexpectedExitIsReportedAndTheComponentStartedAgain() throws Exception {
		running(Component.QUERY);
		this.current.get(Component.QUERY).complete(3);
		assertThat(nextStart()).isEqualTo(Component.QUERY);
		awaitReports(2);
		assertThat(this.supervisor.restarts(Component.QUERY)).isEqualTo(1);
		assertThat(this.console.get(0))
			.isEqualTo("incident-query exited unexpectedly (exit code 3); restarting in 0.1 s (restart 1)");
		assertThat(this.console.get(1)).startsWith("incident-query is back (healthy after ");
		assertThat(this.supervisor.reports()).isEqualTo(this.console);
	}

	@Test
	void anExitAfterReleaseIsLeftAlone() throws Exception {
		running(Component.QUERY);
		running(Component.MONGO);
		this.supervisor.release(Component.QUERY);
		this.current.get(Component.QUERY).complete(137);
		this.current.get(Component.MONGO).complete(137);
		assertThat(nextStart()).isEqualTo(Component.MONGO);
		assertThat(this.starts).isEmpty();
		assertThat(this.supervisor.restarts(Component.QUERY)).isZero();
		assertThat(this.console.get(0)).startsWith("mongo exited unexpectedly (exit code 137)");
	}

	@Test
	void aReleaseCancelsARestartStillWaiting() throws Exception {
		running(Component.QUERY);
		running(Component.MONGO);
		this.current.get(Component.QUERY).complete(1);
		this.supervisor.release(Component.QUERY);
		this.current.get(Component.MONGO).complete(1);
		assertThat(nextStart()).isEqualTo(Component.MONGO);
		assertThat(this.starts).isEmpty();
	}

	@Test
	void exitsInARowWaitLongerUntilAHealthyMinuteResetsTheCount() throws Exception {
		running(Component.KAFKA);
		this.current.get(Component.KAFKA).complete(1);
		nextStart();
		this.current.get(Component.KAFKA).complete(1);
		nextStart();
		this.current.get(Component.KAFKA).complete(1);
		nextStart();
		this.clock.advance(Duration.ofSeconds(61));
		this.current.get(Component.KAFKA).complete(1);
		nextStart();
		awaitReports(8);
		assertThat(this.console).filteredOn((line) -> line.contains("restarting in"))
			.extracting((line) -> line.substring(line.indexOf("restarting in")))
			.containsExactly("restarting in 0.1 s (restart 1)", "restarting in 0.2 s (restart 2)",
					"restarting in 0.4 s (restart 3)", "restarting in 0.1 s (restart 4)");
		assertThat(this.supervisor.restarts(Component.KAFKA)).isEqualTo(4);
	}

	@Test
	void aStartThatFailsIsDiscardedAndTriedAgainLater() throws Exception {
		running(Component.QUERY);
		this.startsToFail.set(1);
		this.current.get(Component.QUERY).complete(3);
		nextStart();
		nextStart();
		awaitReports(3);
		assertThat(this.discarded).containsExactly(Component.QUERY);
		assertThat(this.console.get(1))
			.isEqualTo("incident-query did not come back (port taken); restarting in 0.2 s (restart 2)");
		assertThat(this.console.get(2)).startsWith("incident-query is back");
		assertThat(this.supervisor.restarts(Component.QUERY)).isEqualTo(1);
	}

	@Test
	void nothingIsRestartedOnceClosed() {
		running(Component.QUERY);
		this.supervisor.close();
		this.current.get(Component.QUERY).complete(143);
		assertThat(this.console).isEmpty();
		assertThat(this.starts).isEmpty();
	}

	/**
	 * The "is back" line follows the start that the queue reported, on the supervisor's
	 * thread.
	 */
	private void awaitReports(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.console.size() >= count);
	}

	private static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
