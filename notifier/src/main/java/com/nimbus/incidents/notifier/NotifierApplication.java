package com.nimbus.incidents.notifier;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Tells subscribers what changed: reads {@code incident-events} in its own consumer
 * group, matches every event against the subscriptions and delivers it through the
 * subscription's channel, in order per subscription and incident.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The least parallelism of the JVM's common pool, set before anything uses it.
	 * <p>
	 * The JDK's {@code HttpClient} hands every response on through
	 * {@code CompletableFuture}'s default executor, which on a machine of two cores or
	 * fewer (common pool parallelism 1) is a new thread per task: thread dumps of the
	 * notifications bench showed the delivery threads mostly starting threads. With a
	 * parallelism of 2 the common pool serves those hand-offs.
	 */
	static final String COMMON_POOL_PARALLELISM = "2";

	public static void main(String[] args) {
		if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
				&& Runtime.getRuntime().availableProcessors() <= 2) {
			System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", COMMON_POOL_PARALLELISM);
		}
		SpringApplication.run(NotifierApplication.class, args);
	}

}
