package com.nimbus.incidents.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of measured latencies (nearest rank over every sample, no bucketing) and
 * medians of rounds.
 */
final class Stats {

	private Stats() {
	}

	/**
	 * The {@code percentile}th percentile of {@code nanos}, in milliseconds.
	 */
	static double percentileMs(long[] nanos, double percentile) {
		if (nanos.length == 0) {
			return Double.NaN;
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static double round1(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
