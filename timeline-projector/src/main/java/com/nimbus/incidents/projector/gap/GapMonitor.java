package com.nimbus.incidents.projector.gap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.projector.contract.ContractProjector;
import com.nimbus.incidents.projector.parked.ParkedEvent;
import com.nimbus.incidents.projector.parked.ParkedEvents;
import com.nimbus.incidents.projector.timeline.TimelineStore;
import com.nimbus.incidents.readmodel.IncidentSummaryDocument;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The gaps the projection waits on, across every instance of the projector: read from the
 * parked events (small collections, holding only open gaps) at most once every
 * {@link GapProperties#gapRefresh()}, and shown as gauges per stream
 * ({@code projector.gap.oldest.age} in seconds, {@code projector.gap.waiting} aggregates
 * waiting, {@code projector.gap.overdue} those waiting longer than
 * {@link GapProperties#gapAlertAfter()}) and in health. A parked event its aggregate has
 * already moved past (left by a write that failed after the summary) is no gap: it is
 * swept here.
 */
@Component
public class GapMonitor {

	static final String INCIDENT = "incident";

	static final String CONTRACT = "contract";

	private final MongoTemplate mongo;

	private final GapProperties properties;

	private final Clock clock;

	private final ParkedEvents incidents;

	private final ParkedEvents contracts;

	private List<Gap> gaps = List.of();

	private Instant readAt;

	public GapMonitor(MongoTemplate mongo, GapProperties properties, Clock clock, MeterRegistry meters) {
		this.mongo = mongo;
		this.properties = properties;
		this.clock = clock;
		this.incidents = new ParkedEvents(mongo, ParkedEvents.INCIDENTS);
		this.contracts = new ParkedEvents(mongo, ParkedEvents.CONTRACTS);
		for (String stream : List.of(INCIDENT, CONTRACT)) {
			gauge(meters, "projector.gap.oldest.age", stream, "How long the oldest open gap has been open", "seconds",
					(gaps) -> gaps.stream().mapToLong((gap) -> gap.age().toSeconds()).max().orElse(0));
			gauge(meters, "projector.gap.waiting", stream, "Aggregates waiting for a gap in their sequence", null,
					List::size);
			gauge(meters, "projector.gap.overdue", stream, "Aggregates waiting for a gap longer than the alert time",
					null, (gaps) -> gaps.stream().filter(this::overdue).count());
		}
	}

	private void gauge(MeterRegistry meters, String name, String stream, String description, String unit,
			ToLongFunction<List<Gap>> value) {
		Gauge
			.builder(name, this,
					(monitor) -> value
						.applyAsLong(monitor.gaps().stream().filter((gap) -> gap.stream().equals(stream)).toList()))
			.tag("stream", stream)
			.description(description)
			.baseUnit(unit)
			.register(meters);
	}

	public Duration alertAfter() {
		return this.properties.gapAlertAfter();
	}

	public boolean overdue(Gap gap) {
		return gap.age().compareTo(this.properties.gapAlertAfter()) >= 0;
	}

	/**
	 * The gaps open, oldest first, as last read.
	 */
	public synchronized List<Gap> gaps() {
		Instant now = this.clock.instant();
		if (this.readAt == null || !now.isBefore(this.readAt.plus(this.properties.gapRefresh()))) {
			this.gaps = read(now);
			this.readAt = now;
		}
		return this.gaps;
	}

	private List<Gap> read(Instant now) {
		List<Gap> open = new ArrayList<>();
		Map<String, List<ParkedEvent>> incidentsWaiting = byAggregate(this.incidents.all());
		Map<String, Long> versions = new HashMap<>();
		this.mongo.getCollection(TimelineStore.SUMMARIES)
			.find(Filters.in("_id", incidentsWaiting.keySet()))
			.projection(Projections.include(IncidentSummaryDocument.VERSION))
			.forEach((summary) -> versions.put(summary.getString("_id"), IncidentSummaryDocument.version(summary)));
		incidentsWaiting.forEach((incidentId, events) -> {
			long next = versions.getOrDefault(incidentId, -1L) + 1;
			gap(INCIDENT, incidentId, next, events, this.incidents, now).ifPresent(open::add);
		});
		byAggregate(this.contracts.all()).forEach((customerId, events) -> {
			long first = events.get(0).sequence();
			// a customer's versions are written gapless from 0: those below the first
			// waiting one count up to the first missing
			long next = this.mongo.getCollection(ContractProjector.VERSIONS)
				.countDocuments(Filters.and(Filters.gte("_id", ParkedEvents.id(customerId, 0)),
						Filters.lt("_id", ParkedEvents.id(customerId, first))));
			gap(CONTRACT, customerId, next, events, this.contracts, now).ifPresent(open::add);
		});
		open.sort(Comparator.comparing(Gap::since).thenComparing(Gap::aggregateId));
		return List.copyOf(open);
	}

	private static Optional<Gap> gap(String stream, String aggregateId, long next, List<ParkedEvent> events,
			ParkedEvents parked, Instant now) {
		List<ParkedEvent> ahead = new ArrayList<>();
		for (ParkedEvent event : events) {
			if (event.sequence() < next) {
				parked.sweep(event);
			}
			else {
				ahead.add(event);
			}
		}
		if (ahead.isEmpty() || ahead.get(0).sequence() == next) {
			// nothing waits, or the first one waiting is due and is applied with the
			// aggregate's next event
			return Optional.empty();
		}
		Instant since = ahead.stream().map(ParkedEvent::parkedAt).min(Comparator.naturalOrder()).orElseThrow();
		Duration age = Duration.between(since, now);
		return Optional
			.of(new Gap(stream, aggregateId, next, ahead.size(), since, age.isNegative() ? Duration.ZERO : age));
	}

	private static Map<String, List<ParkedEvent>> byAggregate(List<ParkedEvent> events) {
		Map<String, List<ParkedEvent>> grouped = new HashMap<>();
		events.stream()
			.sorted(Comparator.comparing(ParkedEvent::aggregateId).thenComparingLong(ParkedEvent::sequence))
			.forEach((event) -> grouped.computeIfAbsent(event.aggregateId(), (id) -> new ArrayList<>()).add(event));
		return grouped;
	}

}
