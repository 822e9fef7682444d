package com.nimbus.incidents.notifier.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbus.incidents.notifier.channel.ChannelKind;
import com.nimbus.incidents.notifier.channel.ChannelSender;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome;
import com.nimbus.incidents.notifier.channel.Destination;
import com.nimbus.incidents.notifier.channel.OutgoingNotification;
import com.nimbus.incidents.support.metrics.DelayTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends the pending deliveries. One thread owns the {@link LaneBook} (no locks): it
 * starts sends, which the channels run asynchronously, and takes their outcomes back; it
 * never waits for a receiver, so a receiver that answers after 10 s, or never, holds only
 * its own subscription's in-flight slots. Outcomes are stored by the
 * {@link ProgressWriter}. On start the lanes with pending deliveries are read back from
 * the store (before the intake starts: lower phase); on stop no new send starts, the
 * sends under way are awaited (up to {@code stopPatience}) and their outcomes stored.
 */
public class DeliveryEngine implements SmartLifecycle {

	/** Starts before the intake, stops after it. */
	public static final int PHASE = 100;

	private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);

	/**
	 * Beyond the channels' own limits: an outcome that never comes counts as a failure.
	 */
	private static final Duration SEND_LIMIT = Duration.ofMinutes(2);

	private final LaneBook book;

	private final Map<ChannelKind, ChannelSender> senders;

	private final SubscriptionDirectory directory;

	private final LaneStore lanes;

	private final ProgressWriter writer;

	private final Notifications notifications;

	private final Clock clock;

	private final Duration stopPatience;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Timer lag;

	private final Timer sending;

	private final MeterRegistry meters;

	private volatile ScheduledExecutorService thread;

	private volatile boolean running;

	private ScheduledFuture<?> wakeUp;

	private Instant wakeUpAt;

	DeliveryEngine(LaneBook book, List<ChannelSender> senders, SubscriptionDirectory directory, LaneStore lanes,
			ProgressWriter writer, Notifications notifications, Clock clock, Duration stopPatience,
			MeterRegistry meters) {
		this.book = book;
		this.senders = Map
			.copyOf(senders.stream().collect(Collectors.toMap(ChannelSender::channel, (sender) -> sender)));
		this.directory = directory;
		this.lanes = lanes;
		this.writer = writer;
		this.notifications = notifications;
		this.clock = clock;
		this.stopPatience = stopPatience;
		this.meters = meters;
		this.lag = Timer.builder("notifier.delivery.lag")
			.description("From the event's recordedAt to the receiver's 2xx")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.sending = DelayTimers.timer("notifier.delay", "sending",
				"From an event's recordedAt to the start of its delivery's send", meters);
	}

	@Override
	public void start() {
		this.thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread engine = new Thread(task, "notifier-engine");
			engine.setDaemon(true);
			return engine;
		});
		this.writer.start();
		List<LaneStore.RestoredLane> restored = this.lanes.pendingLanes();
		this.running = true;
		await(() -> {
			restored.forEach((lane) -> this.book.restore(lane.pending(), lane.attempts(), lane.firstAttemptAt(),
					lane.nextAttemptAt()));
			pump();
		});
		log.info("Delivery engine started with {} pending deliveries in {} lanes",
				restored.stream().mapToInt((lane) -> lane.pending().size()).sum(), restored.size());
	}

	@Override
	public void stop() {
		this.running = false;
		// the engine thread's step under way ends first: no send starts after it (a step
		// sends only while running), and every send it started is counted in flight (a
		// step that was starting sends when the count was read would otherwise leave
		// their outcomes unstored, to be sent again after the restart)
		await(() -> {
		});
		long deadline = System.nanoTime() + this.stopPatience.toNanos();
		while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// the outcomes that came are handed to the writer on the engine thread
		await(() -> {
		});
		this.writer.stop(this.stopPatience);
		ScheduledExecutorService current = this.thread;
		if (current != null) {
			current.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * New deliveries, in sequence order per lane; their lanes' writes may follow
	 * ({@link AppendOrder}).
	 */
	public void enqueue(List<PendingDelivery> deliveries) {
		execute(() -> {
			deliveries.forEach(this.book::add);
			pump();
		});
	}

	/** A subscription may have become active again (resumed). */
	public void wake(String subscriptionId) {
		execute(() -> {
			this.book.wake(subscriptionId);
			pump();
		});
	}

	/** A subscription was deleted: its deliveries are dropped. */
	public void forget(String subscriptionId) {
		execute(() -> this.book.forget(subscriptionId));
	}

	/** Sends a synthetic test notification once, outside every lane. */
	public CompletableFuture<DeliveryOutcome> test(Destination destination) {
		ChannelSender sender = this.senders.get(destination.channel());
		if (sender == null) {
			return CompletableFuture.completedFuture(
					new DeliveryOutcome(DeliveryOutcome.Result.RETRY, 0, 0, "no sender for " + destination.channel()));
		}
		return safely(sender, this.notifications.test(this.clock.instant()), destination, System.nanoTime());
	}

	/** Deliveries held in memory (pending or in flight); for tests and metrics. */
	public int pendingCount() {
		Integer count = ask(this.book::pendingCount);
		return (count != null) ? count : 0;
	}

	private void pump() {
		if (!this.running) {
			return;
		}
		for (PendingDelivery delivery : this.book.due(this.clock.instant(), this.directory::active)) {
			send(delivery);
		}
		scheduleWakeUp();
	}

	private void send(PendingDelivery delivery) {
		Optional<Destination> destination = this.directory.destination(delivery.subscriptionId());
		DelayTimers.live(this.sending,
				Duration.between(delivery.event().recordedAt(), this.clock.instant()).toMillis());
		long started = System.nanoTime();
		CompletableFuture<DeliveryOutcome> outcome;
		if (destination.isEmpty()) {
			outcome = CompletableFuture.completedFuture(
					new DeliveryOutcome(DeliveryOutcome.Result.GONE, 0, 0, "the subscription was deleted"));
		}
		else {
			ChannelSender sender = this.senders.get(destination.get().channel());
			outcome = (sender != null)
					? safely(sender, this.notifications.of(delivery.event()), destination.get(), started)
					: CompletableFuture.completedFuture(new DeliveryOutcome(DeliveryOutcome.Result.RETRY, 0, 0,
							"no sender for " + destination.get().channel()));
		}
		this.inFlight.incrementAndGet();
		outcome.thenAccept((result) -> {
			try {
				execute(() -> completed(delivery, result));
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		});
	}

	private CompletableFuture<DeliveryOutcome> safely(ChannelSender sender, OutgoingNotification notification,
			Destination destination, long started) {
		CompletableFuture<DeliveryOutcome> sent;
		try {
			sent = sender.send(notification, destination);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		return sent.orTimeout(SEND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
			.handle((result, failure) -> (result != null) ? result : new DeliveryOutcome(DeliveryOutcome.Result.RETRY,
					0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), String.valueOf(failure)));
	}

	private void completed(PendingDelivery delivery, DeliveryOutcome outcome) {
		Instant now = this.clock.instant();
		Settled settled = this.book.settle(delivery, outcome, now);
		this.meters.counter("notifier.deliveries", "result", settled.kind().name()).increment();
		if (settled.kind() == Settled.Kind.FORGOTTEN) {
			pump();
			return;
		}
		this.writer.submit(settled);
		switch (settled.kind()) {
			case DELIVERED -> this.lag.record(Duration.between(delivery.event().recordedAt(), now));
			case GONE -> {
				this.book.forget(delivery.subscriptionId());
				this.directory.gone(delivery.subscriptionId(), now,
						"the receiver answered " + outcome.statusCode() + " Gone");
			}
			case DEAD_LETTER -> this.directory.failing(delivery.subscriptionId(), now);
			default -> {
			}
		}
		pump();
	}

	private void scheduleWakeUp() {
		Optional<Instant> next = this.book.nextTimer();
		if (next.isEmpty() || (this.wakeUpAt != null && !next.get().isBefore(this.wakeUpAt) && this.wakeUp != null
				&& !this.wakeUp.isDone())) {
			return;
		}
		if (this.wakeUp != null) {
			this.wakeUp.cancel(false);
		}
		this.wakeUpAt = next.get();
		long delay = Math.max(0, Duration.between(this.clock.instant(), next.get()).toMillis());
		this.wakeUp = this.thread.schedule(this::pump, delay + 1, TimeUnit.MILLISECONDS);
	}

	private void execute(Runnable task) {
		ScheduledExecutorService current = this.thread;
		if (current == null) {
			return;
		}
		try {
			current.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					log.error("Delivery engine step failed", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// stopped: what was not stored is delivered again after the restart
		}
	}

	private void await(Runnable task) {
		ask(() -> {
			task.run();
			return null;
		});
	}

	private <T> T ask(Callable<T> task) {
		CountDownLatch done = new CountDownLatch(1);
		Object[] result = new Object[1];
		execute(() -> {
			try {
				result[0] = task.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				done.countDown();
			}
		});
		try {
			done.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		@SuppressWarnings("unchecked")
		T value = (T) result[0];
		return value;
	}

}
