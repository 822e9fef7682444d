package com.nimbus.incidents.command.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the relay keeps its promises.
 *
 * @param instanceId this instance's name in the ledger; by default the application name,
 * host and port, which stay the same when the service is restarted in place (so it
 * recovers its own entries at once), or a random id when the port is chosen at start
 * @param maxBytesInMemory encoded events held for delivery in memory; beyond it, batches
 * keep only their range and are read back from the event store in their turn
 * @param maxRecordBytes the largest record sent; a larger one is a dead letter (Kafka's
 * default {@code message.max.bytes} is about 1 MiB)
 * @param checkWindow how far back the published log reads on start: what the store may
 * have lost is what was published lately
 * @param publishedLogBytes memory for the published log's marks
 */
@ConfigurationProperties("relay")
public record RelayProperties(@DefaultValue("") String instanceId, @DefaultValue("33554432") long maxBytesInMemory,
		@DefaultValue("1000000") long maxRecordBytes, @DefaultValue("15m") Duration checkWindow,
		@DefaultValue("16777216") long publishedLogBytes) {

}
