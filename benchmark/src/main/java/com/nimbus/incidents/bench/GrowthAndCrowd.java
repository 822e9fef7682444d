package com.nimbus.incidents.bench;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;

/**
 * The second stack of a run: the reads at growing sizes ({@code growth.*}), then the
 * crowd on the status page with the largest history stored ({@code crowd.*}).
 */
final class GrowthAndCrowd {

	/**
	 * Customers under contract: the SLA month's lines and the customers asked about.
	 */
	private static final int CUSTOMERS = 200;

	/**
	 * Open incidents the crowd's writers add notes to.
	 */
	private static final int OPEN_INCIDENTS = 40;

	/**
	 * Commands per second during the crowd: a steady stream of responders' notes, well
	 * under what the command path sustains alone.
	 */
	private static final double CROWD_COMMANDS_PER_SECOND = 40;

	private final Platform platform;

	private final BenchSettings settings;

	private final Report report;

	GrowthAndCrowd(Platform platform, BenchSettings settings, Report report) {
		this.platform = platform;
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		Http http = new Http();
		String responder = this.platform.issuer().token("bench-responder@example.com", "RESPONDER");
		String viewer = this.platform.issuer().token("bench-viewer@example.com", "VIEWER");
		String admin = this.platform.issuer().token("bench-admin@example.com", "ADMIN");
		String finance = this.platform.issuer().token("bench-finance@example.com", "FINANCE");
		String success = this.platform.issuer().token("bench-success@example.com", "CUSTOMER_SUCCESS");
		String command = this.platform.baseUrl(Component.COMMAND);
		String query = this.platform.baseUrl(Component.QUERY);
		String projector = this.platform.baseUrl(Component.PROJECTOR);
		YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);

		BenchMain.log("6/7 Growth: the reads at " + this.settings.growthSizes() + " incidents stored");
		new Dataset(this.settings).enterContracts(http, command, finance, this.settings.clients(), CUSTOMERS);
		RebuildWorkload projection = new RebuildWorkload(http, projector, query, admin, viewer);
		GrowthWorkload growth = new GrowthWorkload(http, query, viewer, success, finance, projection,
				this.settings.readRequests(), month);
		List<GrowthWorkload.Point> points = growth.run(this.platform.kafkaBootstrap(), this.settings.growthSizes(),
				CUSTOMERS);
		growthFigures(points);

		BenchMain.log("7/7 Crowd: " + this.settings.crowdClients() + " clients on /api/status for "
				+ this.settings.crowdSeconds() + " s, with " + CROWD_COMMANDS_PER_SECOND + " commands/s");
		List<String> open = declare(http, command, responder);
		long queryPid = this.platform.pids().get(Component.QUERY);
		CrowdWorkload.Result crowd = new CrowdWorkload(http, query, command, responder, open, queryPid)
			.run(this.settings.crowdClients(), this.settings.crowdSeconds(), CROWD_COMMANDS_PER_SECOND);
		crowdFigures(crowd);
	}

	private void growthFigures(List<GrowthWorkload.Point> points) {
		GrowthWorkload.Point smallest = points.get(0);
		GrowthWorkload.Point largest = points.get(points.size() - 1);
		this.report.text("growth.sizes",
				points.stream().map((point) -> String.valueOf(point.incidents())).toList().toString());
		for (GrowthWorkload.Point point : points) {
			point.reads().forEach((read, round) -> {
				this.report.figure("growth." + read + ".at" + point.incidents() + "P50Ms", round.p50Ms(), "ms");
				this.report.figure("growth." + read + ".at" + point.incidents() + "P99Ms", round.p99Ms(), "ms");
			});
		}
		for (Map.Entry<String, ReadWorkload.Round> read : largest.reads().entrySet()) {
			ReadWorkload.Round small = smallest.reads().get(read.getKey());
			if (Double.isNaN(read.getValue().p50Ms()) || Double.isNaN(small.p50Ms())) {
				this.report.text("growth." + read.getKey() + ".ratioP50", "not measured: a read failed");
				continue;
			}
			double p50 = read.getValue().p50Ms() / small.p50Ms();
			double p99 = read.getValue().p99Ms() / small.p99Ms();
			this.report.figure("growth." + read.getKey() + ".ratioP50", p50, "largest / smallest");
			this.report.figure("growth." + read.getKey() + ".ratioP99", p99, "largest / smallest");
			String sizes = "< 2 (" + largest.incidents() + " vs " + smallest.incidents() + " incidents)";
			this.report.target("growth." + read.getKey() + ".ratioP50", sizes, p50, 2, false);
			this.report.target("growth." + read.getKey() + ".ratioP99", sizes, p99, 2, false);
		}
	}

	private void crowdFigures(CrowdWorkload.Result crowd) {
		this.report.number("crowd.clients", this.settings.crowdClients());
		this.report.number("crowd.seconds", this.settings.crowdSeconds());
		this.report.number("crowd.requests", crowd.crowd().requests());
		this.report.number("crowd.failed", crowd.crowd().failed());
		this.report.figure("crowd.requestsPerSecond", crowd.crowd().perSecond(), "requests/s");
		this.report.figure("crowd.p50Ms", crowd.crowd().p50Ms(), "ms");
		this.report.figure("crowd.p99Ms", crowd.crowd().p99Ms(), "ms");
		this.report.figure("crowd.commandsAloneP50Ms", crowd.commandsAlone().p50Ms(), "ms");
		this.report.figure("crowd.commandsAloneP99Ms", crowd.commandsAlone().p99Ms(), "ms");
		this.report.figure("crowd.commandsDuringP50Ms", crowd.commandsDuringCrowd().p50Ms(), "ms");
		this.report.figure("crowd.commandsDuringP99Ms", crowd.commandsDuringCrowd().p99Ms(), "ms");
		this.report.number("crowd.commandsFailed",
				crowd.commandsAlone().failed() + crowd.commandsDuringCrowd().failed());
		this.report.number("crowd.commandsRefused",
				crowd.commandsAlone().refused() + crowd.commandsDuringCrowd().refused());
		double ratio = crowd.commandsDuringCrowd().p99Ms() / crowd.commandsAlone().p99Ms();
		this.report.figure("crowd.commandsP99Ratio", ratio, "during / alone");
		this.report.figure("crowd.queryRssBeforeMiB", crowd.queryRssBeforeMiB(), "MiB");
		this.report.figure("crowd.queryRssPeakMiB", crowd.queryRssPeakMiB(), "MiB");
		this.report.figure("crowd.queryRssAfterMiB", crowd.queryRssAfterMiB(), "MiB");
		this.report.target("crowd.failed", "= 0 (every request 2xx)", crowd.crowd().failed(), 0.5, false);
		this.report.target("crowd.requestsPerSecond", ">= 1,000", crowd.crowd().perSecond(), 1000, true);
		this.report.target("crowd.p99Ms", "< 100 ms", crowd.crowd().p99Ms(), 100, false);
		this.report.target("crowd.commandsP99Ratio", "<= 2 (commands' p99 during / alone)", ratio, 2, false);
	}

	private static List<String> declare(Http http, String command, String responder) {
		List<String> incidents = new ArrayList<>();
		for (int i = 0; i < OPEN_INCIDENTS; i++) {
			Http.Response declared = http.expectOk("POST", command + "/api/incidents", responder,
					"{\"title\":\"Crowd day incident " + i + "\",\"severity\":\"SEV2\","
							+ "\"detectionSource\":\"MONITORING\",\"services\":[\"compute-api\"],"
							+ "\"regions\":[\"us-east-1\"],\"declaredAt\":\"" + Instant.now() + "\"}");
			incidents.add(declared.body().replaceAll(".*\"incidentId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
		}
		return incidents;
	}

}
