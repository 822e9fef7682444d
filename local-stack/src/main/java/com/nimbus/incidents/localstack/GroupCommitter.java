package com.nimbus.incidents.localstack;

import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's group commit, on a thread of its own: writes are numbered as they
 * are applied ({@link #applied}), and a write that waits for the journal registers what
 * is to happen once a commit covers it ({@link #whenCommitted}). The thread commits
 * everything applied so far whenever anyone waits, then runs the waiters that commit
 * covers; writes applied during a commit are covered by the next one. Nobody else waits
 * for a commit: the threads that answer clients (the server's event loops) go on with
 * other connections' commands meanwhile, where a commit made by one of them held every
 * connection of its loop (ADR 32).
 */
final class GroupCommitter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

	/** Commits everything applied so far (and forces it to disk, if asked). */
	private final Runnable commit;

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong commits = new AtomicLong();

	/** Waiters by ticket, lowest first; guarded by itself. */
	private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();

	private volatile long committed;

	private volatile boolean running = true;

	private final Thread thread;

	/**
	 * @param commit commits everything applied so far: the MVStore's commit, and its sync
	 * when writes are to reach the disk
	 */
	GroupCommitter(Runnable commit) {
		this.commit = commit;
		this.thread = new Thread(this::run, "store-group-commit");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Numbers a write that has just been applied.
	 * @return its ticket, which {@link #whenCommitted} takes
	 */
	long applied() {
		return this.applied.incrementAndGet();
	}

	/**
	 * Whether a commit has covered the write with this ticket.
	 */
	boolean isCommitted(long ticket) {
		return this.committed >= ticket;
	}

	/**
	 * Runs {@code then} on the committing thread once a commit covers the write with this
	 * ticket (at once, on the caller's thread, when one has); it should only hand work
	 * on. After {@link #close} it runs at once (the store is closing, and its close
	 * commits).
	 */
	void whenCommitted(long ticket, Runnable then) {
		synchronized (this.waiters) {
			if (this.committed < ticket && this.running) {
				this.waiters.add(new Waiter(ticket, then));
				this.waiters.notifyAll();
				return;
			}
		}
		then.run();
	}

	/**
	 * Returns once a commit covers the write with this ticket.
	 */
	void awaitCommitted(long ticket) {
		CountDownLatch done = new CountDownLatch(1);
		whenCommitted(ticket, done::countDown);
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the group commit", ex);
		}
	}

	long commits() {
		return this.commits.get();
	}

	private void run() {
		while (this.running) {
			try {
				synchronized (this.waiters) {
					while (this.running && this.waiters.isEmpty()) {
						this.waiters.wait();
					}
				}
				if (!this.running) {
					break;
				}
				try {
					commit();
				}
				catch (RuntimeException ex) {
					// a store closed under the commit, or a failing file: the waiters
					// wait for the next attempt rather than being told their writes are
					// durable
					log.error("Group commit failed; trying again", ex);
					pause();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
	}

	private void commit() {
		long upTo = this.applied.get();
		long started = System.nanoTime();
		this.commit.run();
		SlowCommands.reportCommit(upTo - this.committed, started, System.nanoTime());
		this.committed = upTo;
		this.commits.incrementAndGet();
		runWaiters(upTo);
	}

	/**
	 * Before the next attempt after a failed commit: 50 ms, or until {@link #close}.
	 */
	private void pause() throws InterruptedException {
		synchronized (this.waiters) {
			if (this.running) {
				this.waiters.wait(50);
			}
		}
	}

	/**
	 * Stops the thread. The waiters left are run by {@link #releaseAll}, once the store's
	 * close has committed what they wait for.
	 */
	@Override
	public void close() {
		synchronized (this.waiters) {
			this.running = false;
			this.waiters.notifyAll();
		}
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Runs every waiter left, after the store has been closed (and so committed).
	 */
	void releaseAll() {
		runWaiters(Long.MAX_VALUE);
	}

	/**
	 * Runs, lowest ticket first, the waiters for writes up to this ticket (outside the
	 * lock: a waiter may register another).
	 */
	private void runWaiters(long upTo) {
		while (true) {
			Waiter next;
			synchronized (this.waiters) {
				Waiter first = this.waiters.peek();
				if (first == null || first.ticket() > upTo) {
					return;
				}
				next = this.waiters.poll();
			}
			runQuietly(next.then());
		}
	}

	private static void runQuietly(Runnable then) {
		try {
			then.run();
		}
		catch (RuntimeException ex) {
			log.warn("A write's answer could not be handed on after its commit", ex);
		}
	}

	private record Waiter(long ticket, Runnable then) implements Comparable<Waiter> {

		@Override
		public int compareTo(Waiter other) {
			return Long.compare(this.ticket, other.ticket);
		}

	}

}
