package com.nimbus.incidents.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbus.incidents.localstack.Platform;

/**
 * The processor time each process of the stack has used, user and system, from
 * {@code /proc/<pid>/stat} (in clock ticks of 1/100 s, the {@code USER_HZ} that Linux
 * gives user space on every architecture this runs on). Two snapshots around a workload
 * say where its processor time went, per command: which service a command costs most in,
 * on a machine whose cores every process shares. Of that, the share of the JIT compilers'
 * threads ({@code C1 CompilerThread*} and {@code C2 CompilerThread*}, named so in each
 * thread's {@code /proc/<pid>/task/<tid>/comm}): processor a stack spends once, while its
 * code is compiled, and not on the work measured.
 */
final class CpuTimes {

	private static final double MILLIS_PER_TICK = 10.0;

	private final Map<String, Long> ticks;

	private final long compilerTicks;

	private CpuTimes(Map<String, Long> ticks, long compilerTicks) {
		this.ticks = ticks;
		this.compilerTicks = compilerTicks;
	}

	/**
	 * Now, for each process of the stack.
	 */
	static CpuTimes of(Platform platform) {
		Map<String, Long> pids = new LinkedHashMap<>();
		platform.pids().forEach((component, pid) -> pids.put(component.processName(), pid));
		return of(pids);
	}

	/**
	 * Now, for each process named (a process that has gone counts as none).
	 */
	static CpuTimes of(Map<String, Long> pids) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		long compilers = 0;
		for (Map.Entry<String, Long> process : pids.entrySet()) {
			Path proc = Path.of("/proc", String.valueOf(process.getValue()));
			ticks.put(process.getKey(), ticks(proc.resolve("stat")));
			compilers += compilerTicks(proc);
		}
		ticks.put("benchmark", ticks(Path.of("/proc/self/stat")));
		return new CpuTimes(ticks, compilers + compilerTicks(Path.of("/proc/self")));
	}

	/** All the stack's processor time from {@code before} to this snapshot, in ms. */
	double millisSince(CpuTimes before) {
		long total = 0;
		for (Map.Entry<String, Long> process : this.ticks.entrySet()) {
			total += process.getValue() - before.ticks.getOrDefault(process.getKey(), process.getValue());
		}
		return total * MILLIS_PER_TICK;
	}

	/** The JIT compilers' share of it, in ms. */
	double compilerMillisSince(CpuTimes before) {
		return Math.max(0, this.compilerTicks - before.compilerTicks) * MILLIS_PER_TICK;
	}

	/**
	 * Reports, per process and in all, the milliseconds of processor time used since
	 * {@code before} per unit of work ({@code <prefix>.<process>} and
	 * {@code <prefix>.total}).
	 */
	void reportSince(CpuTimes before, long units, Report report, String prefix, String unit) {
		if (units <= 0) {
			return;
		}
		for (Map.Entry<String, Long> process : this.ticks.entrySet()) {
			long used = process.getValue() - before.ticks.getOrDefault(process.getKey(), process.getValue());
			report.figure(prefix + "." + process.getKey(), used * MILLIS_PER_TICK / units, "ms of processor " + unit);
		}
		report.figure(prefix + ".total", millisSince(before) / units, "ms of processor " + unit);
		report.figure(prefix + ".jitCompilers", compilerMillisSince(before) / units,
				"ms of it in the JIT compilers' threads (every process) " + unit);
	}

	/**
	 * The ticks of a process's compiler threads now alive (a compiler thread that has
	 * ended since, which the JVM does when compiling calms down, takes its ticks along:
	 * the figure is then low, never high).
	 */
	private static long compilerTicks(Path proc) {
		long ticks = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
			for (Path task : tasks) {
				String name = readOrEmpty(task.resolve("comm"));
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					ticks += ticks(task.resolve("stat"));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process has ended: the ticks read until then
		}
		return ticks;
	}

	private static String readOrEmpty(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** utime + stime: fields 14 and 15, counted after the command name's closing ')'. */
	static long ticks(Path stat) {
		try {
			String line = Files.readString(stat);
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
