package com.nimbus.incidents.notifier.intake;

import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.notifier.delivery.PendingDelivery;
import com.nimbus.incidents.support.metrics.DelayTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where an event's time goes before the engine sends it, beside the delivery lag
 * ({@code notifier.delivery.lag}, recordedAt to the receiver's 2xx):
 * {@code notifier.delay{stage=fetched}} from the relay's send (the record's timestamp) to
 * the poll that returns it, {@code stage=stored} from recordedAt to the poll's deliveries
 * stored and durable (its barrier) ({@link DelayTimers}).
 */
final class IntakeDelays {

	private final Timer fetched;

	private final Timer stored;

	IntakeDelays(MeterRegistry meters) {
		this.fetched = DelayTimers.timer("notifier.delay", "fetched",
				"From a record's send by the relay to the poll that returns it", meters);
		this.stored = DelayTimers.timer("notifier.delay", "stored",
				"From an event's recordedAt to its deliveries stored and durable", meters);
	}

	void fetched(List<ConsumerRecord<String, byte[]>> records, long nowMillis) {
		records.forEach((record) -> DelayTimers.live(this.fetched, nowMillis - record.timestamp()));
	}

	void stored(List<PendingDelivery> deliveries, Instant now) {
		deliveries.forEach((delivery) -> DelayTimers.live(this.stored,
				now.toEpochMilli() - delivery.event().recordedAt().toEpochMilli()));
	}

}
