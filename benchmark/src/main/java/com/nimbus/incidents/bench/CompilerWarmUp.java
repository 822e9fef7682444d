package com.nimbus.incidents.bench;

import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.localstack.Platform;

/**
 * Load in rounds until the stack's code is compiled, before a workload is measured: a
 * platform meets its busy hour after days of running, and a stack started a moment before
 * spends a third of its processor compiling (the JIT compilers' threads, measured; ADR
 * 38). Rounds of {@value #ROUND_SECONDS} s run until the compilers took under
 * {@link #COMPILED_SHARE} of the stack's processor in one, or for at most
 * {@value #MAX_SECONDS} s whatever they still do. One owner for the rule, used by every
 * workload that judges a latency target on a running stream.
 */
final class CompilerWarmUp {

	static final int ROUND_SECONDS = 10;

	/** Warm once the JIT compilers took less than this share of the stack's processor. */
	static final double COMPILED_SHARE = 0.10;

	static final int MAX_SECONDS = 240;

	/** One round of the workload's own load, answering the commands it sent. */
	@FunctionalInterface
	interface Round {

		long run(int seconds) throws Exception;

	}

	/**
	 * What the warm-up did: the commands sent, for how long, and the compilers' share of
	 * the stack's processor in its first and its last round.
	 */
	record Result(long commands, double seconds, double firstCompilerShare, double lastCompilerShare) {

		/**
		 * Reports {@code <prefix>.seconds}, {@code .perSecond},
		 * {@code .firstRoundCompilerShare} and {@code .lastRoundCompilerShare}.
		 */
		void report(Report report, String prefix, String unit) {
			report.figure(prefix + ".seconds", this.seconds,
					"s of load before the measured one (rounds of " + ROUND_SECONDS + " s until the JIT compilers take"
							+ " under " + Math.round(100 * COMPILED_SHARE) + " % of the stack's processor, at most "
							+ MAX_SECONDS + " s)");
			report.figure(prefix + ".perSecond", this.commands / this.seconds,
					unit + "/s (on the freshly started stack)");
			report.figure(prefix + ".firstRoundCompilerShare", 100 * this.firstCompilerShare,
					"% of the stack's processor in the JIT compilers (the first round)");
			report.figure(prefix + ".lastRoundCompilerShare", 100 * this.lastCompilerShare, "% (the last round)");
		}

	}

	private CompilerWarmUp() {
	}

	static Result run(Platform platform, Round round) throws Exception {
		long commands = 0;
		double first = -1;
		double share = 1;
		long started = System.nanoTime();
		while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(MAX_SECONDS)) {
			CpuTimes before = CpuTimes.of(platform);
			commands += round.run(ROUND_SECONDS);
			CpuTimes after = CpuTimes.of(platform);
			double used = after.millisSince(before);
			share = (used > 0) ? after.compilerMillisSince(before) / used : 0;
			first = (first < 0) ? share : first;
			BenchMain.log(String.format(
					"   warm-up round: %,d commands so far, the JIT compilers %.0f %% of %.1f s of processor", commands,
					100 * share, used / 1000));
			if (share < COMPILED_SHARE) {
				break;
			}
		}
		return new Result(commands, (System.nanoTime() - started) / 1e9, first, share);
	}

}
