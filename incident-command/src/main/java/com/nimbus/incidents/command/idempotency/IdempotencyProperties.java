package com.nimbus.incidents.command.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long {@code Idempotency-Key}s live and how their faults are recovered.
 *
 * @param rememberedFor how long a key and its answer are kept (the TTL index and the
 * sweep remove them after that)
 * @param abandonedAfter a reservation still pending this long belongs to a request that
 * never finished (its process died): longer than any request can run (the command timeout
 * is 30 s)
 * @param sweepEvery how often the sweep removes expired keys (it scans on the embedded
 * store: keep it rare)
 * @param sweepLimit the most keys one sweep removes
 * @param recoveryWindow the most events read back from an incident's last sequence when a
 * retry looks for the outcome of an abandoned request
 */
@ConfigurationProperties("idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration rememberedFor, @DefaultValue("1m") Duration abandonedAfter,
		@DefaultValue("10m") Duration sweepEvery, @DefaultValue("1000") int sweepLimit,
		@DefaultValue("10000") int recoveryWindow) {

}
