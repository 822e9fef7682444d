package com.nimbus.incidents.bench;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The growth workload: the same reads, with the same answers, at growing numbers of
 * incidents stored. Each read's answer stays the same size (the status page, one
 * customer's month, the month's credits, the newest page of a service's incidents); only
 * the history around it grows, so a read that costs what it returns takes the same time
 * at every size.
 */
final class GrowthWorkload {

	/**
	 * Incidents in the report month and the last 90 days, the same at every size.
	 */
	static final int RECENT = 400;

	private final Http http;

	private final String query;

	private final String viewer;

	private final String success;

	private final String finance;

	private final RebuildWorkload projection;

	private final ReadWorkload reads;

	private final YearMonth month;

	record Point(int incidents, Map<String, ReadWorkload.Round> reads) {
	}

	GrowthWorkload(Http http, String query, String viewer, String success, String finance, RebuildWorkload projection,
			int requests, YearMonth month) {
		this.http = http;
		this.success = success;
		this.query = query;
		this.viewer = viewer;
		this.finance = finance;
		this.projection = projection;
		this.reads = new ReadWorkload(http, requests);
		this.month = month;
	}

	/**
	 * Grows the store to each size in turn and measures the reads there.
	 */
	List<Point> run(String bootstrap, List<Integer> sizes, int customers) {
		GrowthDataset dataset = new GrowthDataset(this.month);
		dataset.produceRecent(bootstrap, RECENT);
		List<Point> points = new ArrayList<>();
		for (int size : sizes) {
			long started = System.nanoTime();
			dataset.produceHistoryUpTo(bootstrap, size);
			// the lag the projector reports is measured after each poll: during a long
			// write it still shows the last one, so first wait for the last incident
			this.projection.awaitVersion(dataset.lastIncident(), GrowthDataset.LAST_SEQUENCE);
			this.projection.awaitCaughtUp();
			BenchMain.log(String.format("   %,d incidents stored and projected in %.1f s", dataset.incidents(),
					(System.nanoTime() - started) / 1e9));
			// the reads are measured on a stack at rest: every other consumer of the
			// topic (the notifier) through the bulk too
			long others = ConsumerGroups.awaitAllCaughtUp(bootstrap, Duration.ofMinutes(10));
			BenchMain.log((others >= 0) ? String.format("   every consumer group caught up %.1f s later", others / 1e3)
					: "   a consumer group was still behind after 10 minutes; measuring");
			// the status page is refreshed from its document every second
			LockSupport.parkNanos(2_000_000_000L);
			points.add(new Point(dataset.incidents(), measure(customers)));
		}
		return points;
	}

	private Map<String, ReadWorkload.Round> measure(int customers) {
		String from = this.month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
		String to = this.month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
		int[] next = { 0 };
		Map<String, ReadWorkload.Round> rounds = new LinkedHashMap<>();
		rounds.put("status", measured(() -> this.reads.round(() -> this.query + "/api/status", this.viewer,
				"application/json", (body) -> body.contains("\"services\""))));
		rounds.put("customerMonth",
				measured(() -> this.reads.round(
						() -> this.query + "/api/customers/bench-customer-" + (next[0]++ % customers)
								+ "/incidents?from=" + from + "&to=" + to,
						this.success, "application/json", (body) -> body.contains("\"incidents\""))));
		rounds.put("slaMonth",
				measured(() -> this.reads.round(() -> this.query + "/api/sla/credits?month=" + this.month, this.finance,
						"application/json", (body) -> body.contains("\"lines\""))));
		rounds.put("list",
				measured(() -> this.reads.round(
						() -> this.query + "/api/incidents?size=20&service="
								+ Dataset.SERVICES.get(next[0]++ % Dataset.SERVICES.size()),
						this.viewer, "application/json", (body) -> body.contains("\"total\""))));
		return rounds;
	}

	/**
	 * A warm-up round, then the measured one.
	 */
	private static ReadWorkload.Round measured(Supplier<ReadWorkload.Round> round) {
		try {
			round.get();
			return round.get();
		}
		catch (RuntimeException ex) {
			// a read that fails at a size is a finding, reported with the figures
			BenchMain.log("   failed: " + ex.getMessage());
			return new ReadWorkload.Round(Double.NaN, Double.NaN);
		}
	}

}
