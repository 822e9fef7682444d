package com.nimbus.incidents.command.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbus.incidents.command.incident.EventMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Finds out what became of a request whose outcome was never recorded (its process died
 * between the append and the record, or the record failed): its events carry its
 * reservation's token ({@link IdempotencyToken}), so the events of its incident tell.
 * <p>
 * It reads the incident's events back from the last sequence, at most
 * {@code idempotency.recovery-window} of them, straight from the storage engine (not
 * through a snapshot, which would hide them). When that window does not reach back to the
 * reservation and holds no event of the request, the outcome is {@link Unknown}: the
 * request may have appended earlier, so it is not run again.
 */
@Component
class OutcomeRecovery {

	/** What clocks of two instances may differ by. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	sealed interface Outcome {

	}

	/** The request appended; this is the answer it would have given. */
	record Appended(Answer answer) implements Outcome {

	}

	/** The request appended nothing: run it now. */
	record NotAppended() implements Outcome {

	}

	/** It cannot be told (see the class comment). */
	record Unknown(String reason) implements Outcome {

	}

	private final EventStorageEngine events;

	private final IdempotencyProperties properties;

	private final JsonMapper json;

	OutcomeRecovery(EventStorageEngine events, IdempotencyProperties properties, JsonMapper json) {
		this.events = events;
		this.properties = properties;
		this.json = json;
	}

	Outcome outcomeOf(Reservation reservation, WriteTarget target) {
		if (target == null || reservation.token() == null || target.aggregateId() == null) {
			return new Unknown("the request names nothing whose events could tell");
		}
		Optional<Long> last = this.events.lastSequenceNumberFor(target.aggregateId());
		if (last.isEmpty()) {
			return new NotAppended();
		}
		long first = Math.max(0, last.get() - this.properties.recoveryWindow() + 1);
		List<DomainEventMessage<?>> appended = new ArrayList<>();
		Instant earliest = null;
		DomainEventStream stream = this.events.readEvents(target.aggregateId(), first);
		while (stream.hasNext()) {
			DomainEventMessage<?> event = stream.next();
			if (earliest == null) {
				earliest = recordedAt(event);
			}
			if (reservation.token().equals(event.getMetaData().get(IdempotencyToken.METADATA))) {
				appended.add(event);
			}
		}
		if (!appended.isEmpty()) {
			return new Appended(target.answer(appended, this.json));
		}
		boolean reachesBack = first == 0
				|| (earliest != null && earliest.isBefore(reservation.createdAt().minus(CLOCK_SKEW)));
		return reachesBack ? new NotAppended() : new Unknown("more than " + this.properties.recoveryWindow()
				+ " events were appended to the incident since the request");
	}

	private static Instant recordedAt(DomainEventMessage<?> event) {
		return (event.getMetaData().get(EventMetadata.RECORDED_AT) != null)
				? EventMetadata.recordedAt(event.getMetaData()) : event.getTimestamp();
	}

}
