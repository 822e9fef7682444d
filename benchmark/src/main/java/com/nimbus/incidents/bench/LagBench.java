package com.nimbus.incidents.bench;

import java.util.ArrayList;
import java.util.List;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;

/**
 * The {@code lag} workload: the projection lag alone, on a stack of its own, for
 * comparing two builds quickly. One round of commands declares the incidents (and warms
 * the stack), lag rounds until the stack's code is compiled ({@link CompilerWarmUp}), a
 * round that measures the sustained rate; then each round sends commands at
 * {@code --lag-rate} a second (half that sustained rate when not given) and watches every
 * eighth in the query API, as the {@code main} workload's lag rounds do. Reported as
 * {@code lagAlone.*}, with the projector's breakdown.
 */
final class LagBench {

	private final Platform platform;

	private final BenchSettings settings;

	private final Report report;

	LagBench(Platform platform, BenchSettings settings, Report report) {
		this.platform = platform;
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		Http http = new Http();
		String responder = this.platform.issuer().token("bench-responder@example.com", "RESPONDER");
		String viewer = this.platform.issuer().token("bench-viewer@example.com", "VIEWER");
		String admin = this.platform.issuer().token("bench-admin@example.com", "ADMIN");
		String projector = this.platform.baseUrl(Component.PROJECTOR);
		CommandWorkload commands = new CommandWorkload(http, this.platform.baseUrl(Component.COMMAND),
				this.platform.baseUrl(Component.QUERY), responder, viewer, this.settings);
		BenchMain.log("Lag alone: a round of commands first");
		CommandWorkload.Round first = commands.round(0);
		this.report.figure("lagAlone.commandsPerSecondMeasured", first.perSecond(), "commands/s (the first round)");
		RebuildWorkload projection = new RebuildWorkload(http, projector, this.platform.baseUrl(Component.QUERY), admin,
				viewer);
		projection.awaitCaughtUp();
		// the stack's code compiled first (ADR 38): the lag of a fresh stack fell round
		// after round while the compilers were at work. At the rate the cold stack
		// sustained (its half, 20 a second, still left the compilers at a quarter of the
		// processor after 240 s; ADR 41)
		double warmRate = (this.settings.lagRate() > 0) ? this.settings.lagRate() : first.perSecond();
		CompilerWarmUp.run(this.platform, (seconds) -> commands.lagRound(warmRate, seconds).sent())
			.report(this.report, "lagAlone.warmUp", "commands");
		// the sustained rate, measured on the compiled stack; the lag is asked at half of
		// it
		CommandWorkload.Round sustained = commands.round(1);
		projection.awaitCaughtUp();
		this.report.figure("lagAlone.commandsPerSecondSustained", sustained.perSecond(),
				"commands/s (a round after the warm-up, " + this.settings.clients() + " clients)");
		double perSecond = (this.settings.lagRate() > 0) ? this.settings.lagRate() : sustained.perSecond() / 2;
		BenchMain.log(String.format("   sustained %.0f commands/s once compiled; the lag at %.0f commands/s",
				sustained.perSecond(), perSecond));
		List<CommandWorkload.LagRound> rounds = new ArrayList<>();
		CpuTimes before = CpuTimes.of(this.platform);
		for (int round = 1; round <= Math.max(1, this.settings.rounds()); round++) {
			CommandWorkload.LagRound result = commands.lagRound(perSecond, this.settings.lagSeconds());
			BenchMain
				.log(String.format("   lag round %d at %.0f commands/s: p50 %.0f ms, p99 %.0f ms (read %.0f / %.0f)",
						round, result.perSecond(), result.p50Ms(), result.p99Ms(), result.seenReadP50Ms(),
						result.seenReadP99Ms()));
			rounds.add(result);
		}
		CpuTimes.of(this.platform)
			.reportSince(before, rounds.stream().mapToLong(CommandWorkload.LagRound::sent).sum(), this.report,
					"lagAlone.cpuPerCommand", "a command (the rounds measured)");
		this.report.figure("lagAlone.p50Ms",
				Stats.median(rounds.stream().map(CommandWorkload.LagRound::p50Ms).toList()), "ms");
		this.report.figure("lagAlone.p99Ms",
				Stats.median(rounds.stream().map(CommandWorkload.LagRound::p99Ms).toList()), "ms");
		this.report.figure("lagAlone.commandsPerSecond",
				Stats.median(rounds.stream().map(CommandWorkload.LagRound::perSecond).toList()), "commands/s sent");
		this.report.figure("lagAlone.seenReadP50Ms",
				Stats.median(rounds.stream().map(CommandWorkload.LagRound::seenReadP50Ms).toList()),
				"ms (the query API's read that saw it)");
		this.report.figure("lagAlone.seenReadP99Ms",
				Stats.median(rounds.stream().map(CommandWorkload.LagRound::seenReadP99Ms).toList()),
				"ms (the query API's read that saw it)");
		BenchMain.lagBreakdown(this.report, "lagAlone.breakdown",
				http.send("GET", projector + "/actuator/prometheus", admin, null, "text/plain").body());
	}

}
