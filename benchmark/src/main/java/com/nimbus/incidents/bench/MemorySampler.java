package com.nimbus.incidents.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the resident set size of each process of the stack from {@code /proc} every 200
 * ms: the peak of each, and the peak of their sum at one instant; and the stack's own
 * resident memory at one instant, the sum of the processes' proportional set sizes
 * ({@code Pss} of {@code /proc/<pid>/smaps_rollup}). The sum of RSS counts the pages the
 * JVMs share (the JVM's own library, the JDK's class-data archive) once per process,
 * although the machine holds them once; the sum of PSS counts each page once.
 * <p>
 * Reading {@code smaps_rollup} has the kernel walk every page table of the process, and
 * holds the process's memory map lock while it does: every 200 ms for eight processes it
 * took 5-10 % of this 2-core machine during a storm (JFR), beside the stack it measured.
 * So the proportional sizes are read when the sum of RSS reaches a new peak, at most
 * every {@link #PSS_AT_PEAK_MILLIS}, and otherwise every {@link #PSS_EVERY_MILLIS}: the
 * peak of PSS follows the peak of RSS (the private pages are most of both).
 */
final class MemorySampler implements AutoCloseable {

	private final Map<String, Long> pids;

	private final Map<String, Long> peakKib = new ConcurrentHashMap<>();

	private volatile long peakTotalKib;

	private volatile long peakTotalPssKib;

	static final long PSS_AT_PEAK_MILLIS = 400;

	static final long PSS_EVERY_MILLIS = 2_000;

	private long pssReadAt = Long.MIN_VALUE / 2;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "memory-sampler");
		thread.setDaemon(true);
		return thread;
	});

	MemorySampler(Map<String, Long> pids) {
		this.pids = Map.copyOf(pids);
		this.timer.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
	}

	private void sample() {
		long total = 0;
		for (Map.Entry<String, Long> process : this.pids.entrySet()) {
			long rss = statusField(process.getValue(), "VmRSS:");
			total += rss;
			this.peakKib.merge(process.getKey(), rss, Math::max);
		}
		boolean peak = total > this.peakTotalKib;
		if (peak) {
			this.peakTotalKib = total;
		}
		long now = System.nanoTime() / 1_000_000;
		long since = now - this.pssReadAt;
		if ((peak && since >= PSS_AT_PEAK_MILLIS) || since >= PSS_EVERY_MILLIS) {
			this.pssReadAt = now;
			long totalPss = 0;
			for (long pid : this.pids.values()) {
				totalPss += field(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
			}
			if (totalPss > this.peakTotalPssKib) {
				this.peakTotalPssKib = totalPss;
			}
		}
	}

	/**
	 * A {@code kB} field of {@code /proc/<pid>/status}, 0 where there is none (another
	 * system, or the process has gone).
	 */
	static long statusField(long pid, String field) {
		return field(Path.of("/proc", String.valueOf(pid), "status"), field);
	}

	private static long field(Path file, String field) {
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
		return 0;
	}

	double peakTotalMib() {
		return this.peakTotalKib / 1024.0;
	}

	/**
	 * The stack's peak resident memory, each page counted once: NaN where the system
	 * gives no proportional set sizes.
	 */
	double peakTotalPssMib() {
		return (this.peakTotalPssKib > 0) ? this.peakTotalPssKib / 1024.0 : Double.NaN;
	}

	Map<String, Double> peakMibPerProcess() {
		Map<String, Double> peaks = new LinkedHashMap<>();
		this.pids.keySet()
			.stream()
			.sorted()
			.forEach((name) -> peaks.put(name, this.peakKib.getOrDefault(name, 0L) / 1024.0));
		return peaks;
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
