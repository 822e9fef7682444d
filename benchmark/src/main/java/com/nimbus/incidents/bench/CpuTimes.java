package com.nimbus.incidents.bench;

import java.io.IOException;
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
 * on a machine whose cores every process shares.
 */
final class CpuTimes {

	private static final double MILLIS_PER_TICK = 10.0;

	private final Map<String, Long> ticks;

	private CpuTimes(Map<String, Long> ticks) {
		this.ticks = ticks;
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
		pids.forEach((name, pid) -> ticks.put(name, ticks(Path.of("/proc", String.valueOf(pid), "stat"))));
		ticks.put("benchmark", ticks(Path.of("/proc/self/stat")));
		return new CpuTimes(ticks);
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
		long total = 0;
		for (Map.Entry<String, Long> process : this.ticks.entrySet()) {
			long used = process.getValue() - before.ticks.getOrDefault(process.getKey(), process.getValue());
			total += used;
			report.figure(prefix + "." + process.getKey(), used * MILLIS_PER_TICK / units, "ms of processor " + unit);
		}
		report.figure(prefix + ".total", total * MILLIS_PER_TICK / units, "ms of processor " + unit);
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
