package com.nimbus.incidents.query.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A semaphore counting bytes, shared by concurrent requests: each request opens a
 * {@link Lease} and acquires bytes as it decodes documents, a little at a time, since it
 * cannot know its size before it has read. What a request cannot get within the wait is
 * refused ({@link Busy}, a 503); what one request alone would hold past its cap is
 * refused at once ({@link TooCostly}, a 422), because waiting would not help.
 * <p>
 * Acquiring a little at a time is hold-and-wait: sixteen requests each holding a
 * sixteenth of the budget and each needing more would all wait for each other until they
 * time out, and none would be answered. So a lease that already holds bytes may wait only
 * while it is the oldest holder (the first admitted of those holding bytes); a younger
 * holder that needs more than is free, or asks while the oldest waits, is refused at once
 * and gives its bytes back. The oldest then only ever waits for younger requests that
 * finish or give up, so some request always completes. A request holding nothing waits
 * its turn (first come, first served) and is admitted only while no holder is waiting.
 */
public final class ByteBudget {

	private static final long MIB = 1024 * 1024;

	private final long capacity;

	private final long perLease;

	private final long waitNanos;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private long available;

	private long admitted;

	private long peak;

	private long busy;

	private long tooCostly;

	/**
	 * Leases holding bytes, by the order they were admitted.
	 */
	private final TreeMap<Long, Lease> holders = new TreeMap<>();

	/**
	 * Leases holding nothing that wait to be admitted, first come first.
	 */
	private final ArrayDeque<Lease> admitting = new ArrayDeque<>();

	/**
	 * The oldest holder while it waits for more, else {@code null}.
	 */
	private Lease waitingHolder;

	/**
	 * @param capacity the bytes all leases together may hold
	 * @param perLease the bytes one lease may hold; at most {@code capacity}
	 * @param wait how long an acquisition waits before it is refused as {@link Busy}
	 */
	public ByteBudget(long capacity, long perLease, Duration wait) {
		if (capacity <= 0 || perLease <= 0 || perLease > capacity) {
			throw new IllegalArgumentException(
					"A budget needs 0 < per-lease <= capacity (got " + perLease + " of " + capacity + ")");
		}
		this.capacity = capacity;
		this.perLease = perLease;
		this.waitNanos = wait.toNanos();
		this.available = capacity;
	}

	/**
	 * A lease holding nothing yet, for one request.
	 */
	public Lease open() {
		return new Lease();
	}

	public long capacity() {
		return this.capacity;
	}

	public long available() {
		this.lock.lock();
		try {
			return this.available;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The most bytes held at once since this budget was made.
	 */
	public long peak() {
		this.lock.lock();
		try {
			return this.peak;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Acquisitions refused as {@link Busy} since this budget was made.
	 */
	public long busyRefusals() {
		this.lock.lock();
		try {
			return this.busy;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Acquisitions refused as {@link TooCostly} since this budget was made.
	 */
	public long tooCostlyRefusals() {
		this.lock.lock();
		try {
			return this.tooCostly;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Acquisitions waiting now.
	 */
	public int waiting() {
		this.lock.lock();
		try {
			return this.admitting.size() + ((this.waitingHolder != null) ? 1 : 0);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One request's share. Used by one thread at a time; closing it gives back everything
	 * it holds.
	 */
	public final class Lease implements AutoCloseable {

		private long held;

		private long admission = -1;

		private Lease() {
		}

		/**
		 * Takes {@code bytes} more, waiting for them if this lease may wait.
		 * @throws TooCostly if this lease would hold more than one lease may
		 * @throws Busy if the bytes are not free in time, or not at once for a lease that
		 * may not wait; the lease then holds nothing
		 */
		public void acquire(long bytes) {
			if (bytes <= 0) {
				return;
			}
			ByteBudget.this.lock.lock();
			try {
				if (this.held + bytes > ByteBudget.this.perLease) {
					ByteBudget.this.tooCostly++;
					throw new TooCostly("This read needs more than the " + mib(ByteBudget.this.perLease)
							+ " MiB of memory one request may use; narrow it (a smaller page, a shorter range, "
							+ "one customer) and ask again");
				}
				if (this.held == 0) {
					admit(bytes);
				}
				else {
					grow(bytes);
				}
			}
			finally {
				ByteBudget.this.lock.unlock();
			}
		}

		/**
		 * Gives back {@code bytes} (at most what this lease holds).
		 */
		public void release(long bytes) {
			ByteBudget.this.lock.lock();
			try {
				long released = Math.min(Math.max(0, bytes), this.held);
				this.held -= released;
				ByteBudget.this.available += released;
				if (this.held == 0 && this.admission >= 0) {
					ByteBudget.this.holders.remove(this.admission);
					this.admission = -1;
				}
				ByteBudget.this.changed.signalAll();
			}
			finally {
				ByteBudget.this.lock.unlock();
			}
		}

		public long held() {
			ByteBudget.this.lock.lock();
			try {
				return this.held;
			}
			finally {
				ByteBudget.this.lock.unlock();
			}
		}

		@Override
		public void close() {
			release(Long.MAX_VALUE);
		}

		private void admit(long bytes) {
			long deadline = System.nanoTime() + ByteBudget.this.waitNanos;
			ByteBudget.this.admitting.addLast(this);
			try {
				while (ByteBudget.this.admitting.peekFirst() != this || ByteBudget.this.waitingHolder != null
						|| ByteBudget.this.available < bytes) {
					await(deadline);
				}
			}
			finally {
				ByteBudget.this.admitting.remove(this);
				ByteBudget.this.changed.signalAll();
			}
			take(bytes);
			this.admission = ByteBudget.this.admitted++;
			ByteBudget.this.holders.put(this.admission, this);
		}

		private void grow(long bytes) {
			long deadline = System.nanoTime() + ByteBudget.this.waitNanos;
			try {
				while (true) {
					Lease waiting = ByteBudget.this.waitingHolder;
					if (waiting != null && waiting != this) {
						throw refuse();
					}
					if (ByteBudget.this.available >= bytes) {
						take(bytes);
						return;
					}
					if (ByteBudget.this.holders.firstEntry().getValue() != this) {
						throw refuse();
					}
					ByteBudget.this.waitingHolder = this;
					await(deadline);
				}
			}
			finally {
				if (ByteBudget.this.waitingHolder == this) {
					ByteBudget.this.waitingHolder = null;
					ByteBudget.this.changed.signalAll();
				}
			}
		}

		private void await(long deadline) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw refuse();
			}
			try {
				ByteBudget.this.changed.awaitNanos(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw refuse();
			}
		}

		private void take(long bytes) {
			ByteBudget.this.available -= bytes;
			ByteBudget.this.peak = Math.max(ByteBudget.this.peak, ByteBudget.this.capacity - ByteBudget.this.available);
			this.held += bytes;
		}

		private Busy refuse() {
			release(Long.MAX_VALUE);
			ByteBudget.this.busy++;
			return new Busy("Other reads hold the " + mib(ByteBudget.this.capacity)
					+ " MiB this service reads with at once; retry in a second");
		}

	}

	private static String mib(long bytes) {
		return (bytes >= MIB) ? String.valueOf(bytes / MIB) : String.format("%.2f", bytes / (double) MIB);
	}

}
