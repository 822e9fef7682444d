package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.projector.consumer.RecordsHandler;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.projector.catalog.CatalogProjector;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.projector.status.IncidentChange;
import com.nimbus.incidents.projector.status.StatusFeedProjector;
import com.nimbus.incidents.projector.status.StatusPageProjector;
import com.nimbus.incidents.support.metrics.DelayTimers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Projects one poll's records: decode, group by incident, fold each incident's events
 * into its stored projection, write every change in one bulk write per collection.
 * <p>
 * The status page document ({@link StatusPageProjector}) is merged before the summaries
 * are written: a summary at the new version is what tells a retried poll that an
 * incident's events are applied (they then come out as duplicates, changing nothing), so
 * a document written after the summaries would stay behind for good when its write
 * failed. Written first, a failed poll is retried from the old summaries and merges the
 * same changes again, which the merge ignores when they are there already. The status
 * feed document ({@link StatusFeedProjector}) and the service catalog are written before
 * the summaries too, for the same reason; these writes and the store's first steps go to
 * collections of their own and run at once ({@link ParallelWrites}).
 */
@Component
public class TimelineProjector implements RecordsHandler {

	private static final Logger log = LoggerFactory.getLogger(TimelineProjector.class);

	private final EnvelopeDecoder decoder;

	private final TimelineStore store;

	private final String topic;

	private final DeadLetters deadLetters;

	private final Timer relayed;

	/**
	 * The incidents this instance has just written, as written: only the holder of an
	 * incident's partition writes it, so while it holds the partition the store has
	 * nothing newer, and the next poll need not read the summary back. Forgotten whenever
	 * partitions change hands, a poll is retried or a replay starts ({@link #forget}).
	 */
	private final Cache<String, ProjectedIncident> written = Caffeine.newBuilder().maximumSize(5000).build();

	private final Timer projected;

	private final StatusPageProjector statusPage;

	private final StatusFeedProjector statusFeed;

	private final CatalogProjector catalog;

	private final ParallelWrites writes;

	public TimelineProjector(EnvelopeDecoder decoder, TimelineStore store, StatusPageProjector statusPage,
			StatusFeedProjector statusFeed, CatalogProjector catalog,
			com.nimbus.incidents.projector.consumer.ConsumerProperties properties, DeadLetters deadLetters,
			ParallelWrites writes, MeterRegistry meters) {
		this.catalog = catalog;
		this.writes = writes;
		this.decoder = decoder;
		this.store = store;
		this.statusPage = statusPage;
		this.statusFeed = statusFeed;
		this.deadLetters = deadLetters;
		this.topic = properties.topic();
		this.relayed = DelayTimers.timer("projector.delay", "relayed",
				"From an event's recordedAt to its append to the Kafka log", meters);
		this.projected = DelayTimers.timer("projector.delay", "projected",
				"From an event's recordedAt to its write to the read models", meters);
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	public void handle(List<ConsumerRecord<String, byte[]>> records) {
		handleDeferring(records).run();
	}

	/**
	 * Writes the poll up to the summaries (what readers of an incident see) and returns
	 * the list rows, buckets and release of parked events ({@link TimelineStore}'s steps
	 * 4 and 5), which the loop writes before the poll's barrier, beside the next poll.
	 */
	@Override
	public Runnable handleDeferring(List<ConsumerRecord<String, byte[]>> records) {
		Map<String, List<Delivered>> byIncident = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				Delivered event = this.decoder.decode(record.value());
				DelayTimers.live(this.relayed, record.timestamp() - event.envelope().recordedAt().toEpochMilli());
				byIncident.computeIfAbsent(event.envelope().incidentId(), (id) -> new ArrayList<>()).add(event);
			}
			catch (UndecodableEvent ex) {
				this.deadLetters.record(record, ex.getMessage());
			}
		}
		if (byIncident.isEmpty()) {
			return () -> {
			};
		}
		Map<String, ProjectedIncident> current = new java.util.HashMap<>(
				this.written.getAllPresent(byIncident.keySet()));
		List<String> unknown = byIncident.keySet().stream().filter((id) -> !current.containsKey(id)).toList();
		if (!unknown.isEmpty()) {
			current.putAll(this.store.load(unknown));
		}
		Map<String, ProjectedIncident> outcomes = new LinkedHashMap<>();
		List<TimelineEntry> entries = new ArrayList<>();
		List<ProjectedIncident> changed = new ArrayList<>();
		List<IncidentChange> statusChanges = new ArrayList<>();
		byIncident.forEach((incidentId, events) -> {
			ProjectedIncident before = current.getOrDefault(incidentId, ProjectedIncident.initial(incidentId));
			IncidentProjection.Outcome outcome = IncidentProjection.project(before, events);
			entries.addAll(outcome.applied());
			if (!outcome.applied().isEmpty()) {
				List<EventEnvelope> applied = outcome.applied().stream().map(TimelineEntry::envelope).toList();
				statusChanges.add(new IncidentChange(before.state(), outcome.incident().state(), applied));
			}
			outcomes.put(incidentId, outcome.incident());
			if (!outcome.applied().isEmpty() || outcome.changed()) {
				changed.add(outcome.incident());
			}
			if (!outcome.incident().parked().isEmpty()) {
				log.atInfo()
					.addKeyValue("incidentId", incidentId)
					.addKeyValue("sequence", outcome.incident().version())
					.log("Incident {} waits at version {} for a gap; {} events parked", incidentId,
							outcome.incident().version(), outcome.incident().parked().size());
			}
		});
		List<EventEnvelope> envelopes = entries.stream().map(TimelineEntry::envelope).toList();
		// before the summaries, like the status page: a retried poll adds the same names
		Runnable rest = this.store.writeUpToSummaries(
				entries, changed, current, List.of(() -> this.statusPage.project(statusChanges),
						() -> this.statusFeed.project(statusChanges), () -> this.catalog.incidents(envelopes)),
				this.writes::runAll);
		this.written.putAll(outcomes);
		long written = System.currentTimeMillis();
		for (TimelineEntry entry : entries) {
			long recordedAt = entry.envelope().recordedAt().toEpochMilli();
			DelayTimers.live(this.projected, written - recordedAt);
		}
		return rest;
	}

	@Override
	public java.util.Optional<String> unreadable(byte[] value) {
		try {
			this.decoder.decode(value);
			return java.util.Optional.empty();
		}
		catch (UndecodableEvent ex) {
			return java.util.Optional.of(ex.getMessage());
		}
	}

	@Override
	public void reset() {
		this.written.invalidateAll();
		this.store.dropAll();
		this.statusPage.drop();
		this.statusFeed.drop();
		this.catalog.drop();
	}

	@Override
	public void forget() {
		this.written.invalidateAll();
		this.statusPage.forget();
		this.statusFeed.forget();
	}

}
