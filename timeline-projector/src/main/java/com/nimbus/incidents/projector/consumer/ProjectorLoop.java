package com.nimbus.incidents.projector.consumer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.nimbus.incidents.projector.store.StoreBarrier;
import com.nimbus.incidents.projector.store.StoreIndexes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The projector's consumer as a lifecycle: runs the {@link PollLoop} on a thread of its
 * own ({@value #THREAD}), reports its state, and takes rebuild requests.
 * <p>
 * The loop survives every {@link RuntimeException} (it retries the poll). An
 * {@link Error} that escapes it ends the thread: the error is kept as {@link #failure()},
 * and the health check reports the projector DOWN, where it would otherwise look up and
 * merely idle while nothing is projected. An {@link OutOfMemoryError} halts the JVM
 * instead (nothing in it can be trusted any more); its supervisor restarts it.
 * <p>
 * A rebuild is carried out by every instance of the group: the {@link RebuildRequests}
 * record a request, drop the read models and advance the generation; each instance's
 * {@link RebuildCoordinator} replays from the beginning every partition it holds that has
 * not been replayed for the current generation (ADR 9).
 */
@Component
public class ProjectorLoop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProjectorLoop.class);

	/**
	 * The name of the loop's thread.
	 */
	public static final String THREAD = "projector-loop";

	private final RebuildRequests requests;

	private final RebuildCoordinator coordinator;

	private final LagMeter lagMeter;

	private final PollLoop loop;

	private final AtomicLong recordsApplied;

	private volatile boolean running;

	private volatile Thread worker;

	private volatile Throwable failure;

	@Autowired
	public ProjectorLoop(ConsumerProperties properties, List<RecordsHandler> handlers, RebuildControl control,
			StoreIndexes indexes, StoreBarrier barrier, Clock clock, MeterRegistry meters) {
		this(properties, handlers, control, indexes::ensure, barrier::begin, barrier::await, clock, meters,
				KafkaConsumer::new);
	}

	/**
	 * @param beginPoll runs before a poll's first write
	 * @param barrier makes the writes of a poll durable before its offsets are committed
	 */
	ProjectorLoop(ConsumerProperties properties, List<RecordsHandler> handlers, RebuildControl control,
			Runnable recreateIndexes, Runnable beginPoll, Runnable barrier, Clock clock, MeterRegistry meters,
			Function<Map<String, Object>, Consumer<String, byte[]>> consumers) {
		List<RecordsHandler> all = List.copyOf(handlers);
		this.requests = new RebuildRequests(control, all, recreateIndexes, clock);
		this.coordinator = new RebuildCoordinator(clock, () -> all.forEach(RecordsHandler::forget));
		this.lagMeter = new LagMeter(meters);
		this.loop = new PollLoop(properties, all, this.requests, this.coordinator, this.lagMeter, beginPoll, barrier,
				consumers);
		this.recordsApplied = this.loop.recordsApplied();
		FunctionCounter.builder("projector.records.applied", this.recordsApplied, AtomicLong::get)
			.description("Records projected into the read models")
			.register(meters);
		Gauge.builder("projector.rebuild.generation", this.coordinator, RebuildCoordinator::generation)
			.description("The rebuild generation this instance has carried out")
			.register(meters);
	}

	/**
	 * The state of this instance of the projector, for the management endpoint.
	 *
	 * @param partitions the partitions this instance holds, as {@code topic-partition}
	 * @param lag records behind the end, per partition held, where known
	 * @param rebuildGeneration the rebuild generation this instance has seen and carried
	 * out on the partitions it holds
	 * @param rebuilding whether a rebuild asked of this instance has not reached its loop
	 * yet, or this instance is replaying partitions for a rebuild
	 * @param rebuildStartedAt when this instance began replaying for the latest rebuild
	 * @param rebuildCompletedAt when every partition this instance holds had been
	 * replayed up to where the log ended when its replay began
	 */
	public record Status(boolean running, long recordsApplied, List<String> partitions, Map<String, Long> lag,
			long rebuildGeneration, boolean rebuilding, Instant rebuildStartedAt, Instant rebuildCompletedAt,
			String lastError) {

	}

	public Status status() {
		long generation = this.coordinator.generation();
		return new Status(this.running, this.recordsApplied.get(), this.lagMeter.partitions(), this.lagMeter.lag(),
				Math.max(generation, 0), this.requests.pending(generation) || this.coordinator.rebuilding(),
				this.coordinator.startedAt(), this.coordinator.completedAt(), this.loop.lastError());
	}

	/**
	 * Whether the loop's thread is alive; false before it starts and once it has ended,
	 * by a stop or by an {@link Error}.
	 */
	public boolean workerAlive() {
		Thread current = this.worker;
		return current != null && current.isAlive();
	}

	/**
	 * The {@link Error} that ended the loop's thread, if one did.
	 */
	public Throwable failure() {
		return this.failure;
	}

	/**
	 * Rebuilds every read model, on every instance of the group: records the request,
	 * drops the read models and advances the rebuild generation, which each instance's
	 * loop, this one too, carries out by replaying its partitions from the beginning.
	 * Should this instance die before the generation is advanced, another one finishes
	 * the request once its {@link RebuildControl#LEASE} has run out.
	 * @return the rebuild generation that carries out this request
	 */
	public long requestRebuild() {
		this.coordinator.requested();
		return this.requests.request();
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = new Thread(this::run, THREAD);
		this.worker.start();
	}

	private void run() {
		try {
			this.loop.run();
		}
		catch (OutOfMemoryError ex) {
			this.failure = ex;
			Runtime.getRuntime().halt(3);
		}
		catch (Error ex) {
			this.failure = ex;
			log.error("The projector loop has died; nothing is projected until this instance restarts", ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.loop.stop();
		try {
			this.worker.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
