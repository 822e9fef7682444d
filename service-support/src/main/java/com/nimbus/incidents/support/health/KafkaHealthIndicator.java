package com.nimbus.incidents.support.health;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The Kafka cluster answers a describe-cluster request within two seconds. When it does
 * not, the service is {@code DEGRADED} (HTTP 200, by each service's status mapping): it
 * keeps working, and what it would send or read waits until the cluster is back.
 */
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

	public static final Status DEGRADED = new Status("DEGRADED",
			"Kafka cannot be reached; events wait until it is back");

	private final Admin admin;

	/**
	 * @param clientId names this check's connections in the broker's logs
	 */
	public KafkaHealthIndicator(String bootstrapServers, String clientId) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				2000, AdminClientConfig.CLIENT_ID_CONFIG, clientId));
	}

	@Override
	public Health health() {
		try {
			var cluster = this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
			int nodes = cluster.nodes().get(2, TimeUnit.SECONDS).size();
			return Health.up()
				.withDetail("clusterId", cluster.clusterId().get(2, TimeUnit.SECONDS))
				.withDetail("nodes", nodes)
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.status(DEGRADED).withException(ex).build();
		}
		catch (Exception ex) {
			return Health.status(DEGRADED).withDetail("error", ex.toString()).build();
		}
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
