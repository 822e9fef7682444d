package com.nimbus.incidents.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Every consumer of {@code incident-events} caught up: each consumer group that has
 * committed an offset on the topic has committed its end on every partition. A workload
 * that writes a bulk straight to the topic waits for this before it measures, so that no
 * service still working through the bulk (the projector, and the notifier beside it)
 * takes the processor from the reads measured.
 */
final class ConsumerGroups {

	static final String TOPIC = "incident-events";

	private ConsumerGroups() {
	}

	/**
	 * Waits until every group has caught up, for at most {@code patience}; answers how
	 * long it waited in ms, or -1 if a group was still behind then.
	 */
	static long awaitAllCaughtUp(String bootstrap, Duration patience) {
		long started = System.nanoTime();
		long deadline = started + patience.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			topic.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(TOPIC, partition.partition()),
						OffsetSpec.latest()));
			while (System.nanoTime() < deadline) {
				Map<TopicPartition, Long> ends = new HashMap<>();
				admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
				if (!anyBehind(admin, ends)) {
					return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			}
			return -1;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not read the consumer groups' offsets", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	// listConsumerGroups() is deprecated in Kafka 4.1 for listGroups(), which lists every
	// kind of group (share and streams groups too); the consumer groups are the ones
	// asked
	@SuppressWarnings("deprecation")
	private static boolean anyBehind(Admin admin, Map<TopicPartition, Long> ends)
			throws ExecutionException, InterruptedException {
		for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
				.partitionsToOffsetAndMetadata()
				.get();
			boolean consumesTopic = committed.keySet()
				.stream()
				.anyMatch((partition) -> partition.topic().equals(TOPIC));
			if (!consumesTopic) {
				continue;
			}
			for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
				OffsetAndMetadata offset = committed.get(end.getKey());
				long position = (offset != null) ? offset.offset() : 0;
				if (position < end.getValue()) {
					return true;
				}
			}
		}
		return false;
	}

}
