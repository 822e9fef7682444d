package com.nimbus.incidents.command.idempotency;

import java.time.Clock;

import com.mongodb.MongoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes {@code Idempotency-Key}s older than they are remembered. On MongoDB the TTL
 * index, created at start, does it; mongo-java-server (the embedded store) ignores TTL
 * indexes, so a sweep does it there too. The sweep scans the collection on the embedded
 * store (it uses no index but unique ones), so it runs rarely (every
 * {@code idempotency.sweep-every}, 10 minutes by default) and removes at most
 * {@code idempotency.sweep-limit} keys a time. On MongoDB it finds nothing the TTL index
 * has not removed already, through that index.
 */
@Component
class ExpiredKeySweep {

	private static final Logger log = LoggerFactory.getLogger(ExpiredKeySweep.class);

	private final IdempotencyKeys keys;

	private final IdempotencyProperties properties;

	private final Clock clock;

	ExpiredKeySweep(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void createExpiryIndex() {
		try {
			this.keys.expireAfter(this.properties.rememberedFor());
		}
		catch (MongoException ex) {
			log.warn("Cannot create the expiry index of {} now; the sweep removes expired keys meanwhile: {}",
					IdempotencyKeys.COLLECTION, ex.toString());
		}
	}

	@Scheduled(initialDelayString = "${idempotency.sweep-every:10m}",
			fixedDelayString = "${idempotency.sweep-every:10m}")
	void sweepOnSchedule() {
		try {
			// again, in case the store was away at start
			this.keys.expireAfter(this.properties.rememberedFor());
			sweep();
		}
		catch (MongoException ex) {
			log.warn("Sweep of expired idempotency keys failed; the next one will retry: {}", ex.toString());
		}
	}

	/**
	 * Removes at most the sweep limit of expired keys; the number removed.
	 */
	long sweep() {
		long removed = this.keys.sweep(this.clock.instant().minus(this.properties.rememberedFor()),
				this.properties.sweepLimit());
		if (removed > 0) {
			log.info("Removed {} expired idempotency keys", removed);
		}
		return removed;
	}

}
