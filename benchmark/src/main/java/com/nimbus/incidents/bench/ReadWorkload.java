package com.nimbus.incidents.bench;

import java.util.function.Supplier;

/**
 * Workload 5: the reads users wait on, one request at a time (latency, not throughput).
 */
final class ReadWorkload {

	private final Http http;

	private final int requests;

	private int made;

	ReadWorkload(Http http, int requests) {
		this.http = http;
		this.requests = requests;
	}

	record Round(double p50Ms, double p99Ms) {
	}

	/**
	 * {@code requests} GETs of {@code url}; each must answer 200 and pass {@code check}.
	 */
	Round round(Supplier<String> url, String token, String accept, java.util.function.Predicate<String> check) {
		long[] nanos = new long[this.requests];
		for (int i = 0; i < this.requests; i++) {
			Http.Response response = this.http.send("GET", url.get(), token, null, accept);
			this.made++;
			if (!response.ok() || !check.test(response.body())) {
				throw new IllegalStateException("GET " + url.get() + " answered " + response.status() + ": "
						+ response.body().substring(0, Math.min(500, response.body().length())));
			}
			nanos[i] = response.nanos();
		}
		return new Round(Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 99));
	}

	/** How many GETs the rounds so far have sent. */
	int made() {
		return this.made;
	}

}
