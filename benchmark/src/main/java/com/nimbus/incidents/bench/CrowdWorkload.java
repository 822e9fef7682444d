package com.nimbus.incidents.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The crowd workload: everyone refreshing the public status page at once, while
 * responders keep writing. First the writes alone at a steady rate, then the same writes
 * with {@code clients} anonymous clients asking for {@code /api/status} as fast as it
 * answers ({@link CrowdClients}, a process of its own at a lower priority). The query
 * service's resident memory is sampled before, during and after.
 */
final class CrowdWorkload {

	private final Http http;

	private final String commandUrl;

	private final String responder;

	private final List<String> incidents;

	private final long queryPid;

	private final String statusUrl;

	CrowdWorkload(Http http, String queryUrl, String commandUrl, String responder, List<String> incidents,
			long queryPid) {
		this.http = http;
		this.statusUrl = queryUrl + "/api/status";
		this.commandUrl = commandUrl;
		this.responder = responder;
		this.incidents = incidents;
		this.queryPid = queryPid;
	}

	record Crowd(long requests, long failed, double perSecond, double p50Ms, double p99Ms) {
	}

	record Result(Crowd crowd, CommandStream.Latency commandsAlone, CommandStream.Latency commandsDuringCrowd,
			double queryRssBeforeMiB, double queryRssPeakMiB, double queryRssAfterMiB) {
	}

	Result run(int clients, int seconds, double commandsPerSecond) throws Exception {
		CommandStream writes = new CommandStream(this.http, this.commandUrl, this.responder, this.incidents);
		CommandStream.Latency alone = writes.run(commandsPerSecond, seconds);
		double before = rssMiB();
		AtomicLong peakKib = new AtomicLong();
		ExecutorService sampling = Executors.newSingleThreadExecutor();
		Process crowd = startCrowd(clients, seconds);
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(crowd.getInputStream(), StandardCharsets.UTF_8))) {
			Future<?> sampler = sampling.submit(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					peakKib.accumulateAndGet(MemorySampler.statusField(this.queryPid, "VmRSS:"), Math::max);
					LockSupport.parkNanos(200_000_000L);
				}
			});
			expect(out, "STARTED");
			CommandStream.Latency during = writes.run(commandsPerSecond, seconds);
			String[] result = expect(out, "CROWD ").split(" ");
			sampler.cancel(true);
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
			long total = Long.parseLong(result[1]);
			Crowd figures = new Crowd(total, Long.parseLong(result[2]), total / Double.parseDouble(result[3]),
					Double.parseDouble(result[4]), Double.parseDouble(result[5]));
			return new Result(figures, alone, during, before, peakKib.get() / 1024.0, rssMiB());
		}
		finally {
			sampling.shutdownNow();
			crowd.destroyForcibly();
		}
	}

	/**
	 * The crowd in a process of its own, at the niceness of the stack's read services
	 * (see {@link CrowdClients}).
	 */
	private Process startCrowd(int clients, int seconds) throws java.io.IOException {
		List<String> command = new ArrayList<>(List.of("nice", "-n", String.valueOf(CROWD_NICENESS),
				ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), CrowdClients.class.getName(), this.statusUrl,
				String.valueOf(clients), String.valueOf(seconds)));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/** The load generator yields the processors to the stack it measures. */
	static final int CROWD_NICENESS = 10;

	private static String expect(BufferedReader out, String prefix) throws java.io.IOException {
		for (String line = out.readLine(); line != null; line = out.readLine()) {
			if (line.startsWith(prefix)) {
				return line;
			}
		}
		throw new IllegalStateException("The crowd process ended without printing " + prefix.trim());
	}

	private double rssMiB() {
		return MemorySampler.statusField(this.queryPid, "VmRSS:") / 1024.0;
	}

}
