package com.nimbus.incidents.notifier.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores outcomes on a thread of its own, batched: whatever came while the last write ran
 * is written in one bulk write (lanes, then the attempt log), once the lanes' appends of
 * every poll handed on before those outcomes came are written ({@link AppendOrder}). A
 * failed write is retried with the same batch until it goes through, so no outcome is
 * dropped while the process lives; {@link #flush} waits until everything submitted is
 * stored (a clean stop flushes, so a 2xx is not sent again after a restart).
 */
final class ProgressWriter {

	private static final Logger log = LoggerFactory.getLogger(ProgressWriter.class);

	private static final int MAX_BATCH = 2000;

	private final LaneStore lanes;

	private final AttemptLog attempts;

	/** An outcome, with the last poll handed on when it came. */
	private record Queued(Settled settled, long ticket) {
	}

	private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();

	private final Object progress = new Object();

	private long submitted;

	private long written;

	private volatile boolean running;

	private Thread thread;

	ProgressWriter(LaneStore lanes, AttemptLog attempts) {
		this.lanes = lanes;
		this.attempts = attempts;
	}

	synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::run, "notifier-progress");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	void submit(Settled settled) {
		synchronized (this.progress) {
			this.submitted++;
		}
		this.lanes.settled(settled);
		this.queue.add(new Queued(settled, this.lanes.handedSoFar()));
	}

	/** Waits until every outcome submitted so far is stored; false when time ran out. */
	boolean flush(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		synchronized (this.progress) {
			long target = this.submitted;
			while (this.written < target) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.progress, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	void stop(Duration patience) {
		if (!flush(patience)) {
			log.warn("Stopping with {} delivery outcomes not stored; they will be sent again after the restart",
					this.queue.size());
		}
		try {
			this.attempts.flush();
		}
		catch (RuntimeException ex) {
			log.warn("Stopping with recent attempts not written to the attempt log: {}", ex.toString());
		}
		this.running = false;
		Thread current = this.thread;
		if (current != null) {
			current.interrupt();
		}
	}

	private void run() {
		long pause = 100;
		List<Queued> queued = new ArrayList<>();
		while (this.running || !queued.isEmpty()) {
			try {
				if (queued.isEmpty()) {
					Queued first = this.queue.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						// quiet: write the attempts whose time has come
						this.attempts.append(List.of());
						continue;
					}
					queued.add(first);
					this.queue.drainTo(queued, MAX_BATCH - 1);
				}
				long ticket = queued.get(queued.size() - 1).ticket();
				if (!this.lanes.awaitWritten(ticket, 200)) {
					// the appends of a poll handed on are still being written
					continue;
				}
				List<Settled> batch = queued.stream().map(Queued::settled).toList();
				this.lanes.apply(batch);
				this.attempts.append(batch);
				synchronized (this.progress) {
					this.written += batch.size();
					this.progress.notifyAll();
				}
				queued.clear();
				pause = 100;
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					return;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Storing {} delivery outcomes failed, retrying in {} ms: {}", queued.size(), pause,
						ex.toString());
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException interrupted) {
					if (!this.running) {
						return;
					}
				}
				pause = Math.min(pause * 2, 5000);
			}
		}
	}

}
