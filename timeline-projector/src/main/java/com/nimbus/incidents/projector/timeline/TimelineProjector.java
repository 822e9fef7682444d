package com.nimbus.incidents.projector.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.projector.consumer.RecordsHandler;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Projects one poll's records: decode, group by incident, fold each incident's events
 * into its stored projection, write every change in one bulk write per collection.
 */
@Component
public class TimelineProjector implements RecordsHandler {

	private static final Logger log = LoggerFactory.getLogger(TimelineProjector.class);

	private final EnvelopeDecoder decoder;

	private final TimelineStore store;

	private final String topic;

	private final DeadLetters deadLetters;

	public TimelineProjector(EnvelopeDecoder decoder, TimelineStore store,
			com.nimbus.incidents.projector.consumer.ConsumerProperties properties, DeadLetters deadLetters) {
		this.decoder = decoder;
		this.store = store;
		this.deadLetters = deadLetters;
		this.topic = properties.topic();
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	public void handle(List<ConsumerRecord<String, byte[]>> records) {
		Map<String, List<Delivered>> byIncident = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				Delivered event = this.decoder.decode(record.value());
				byIncident.computeIfAbsent(event.envelope().incidentId(), (id) -> new ArrayList<>()).add(event);
			}
			catch (UndecodableEvent ex) {
				this.deadLetters.record(record, ex.getMessage());
			}
		}
		if (byIncident.isEmpty()) {
			return;
		}
		Map<String, ProjectedIncident> current = this.store.load(byIncident.keySet());
		List<TimelineEntry> entries = new ArrayList<>();
		List<ProjectedIncident> changed = new ArrayList<>();
		byIncident.forEach((incidentId, events) -> {
			IncidentProjection.Outcome outcome = IncidentProjection
				.project(current.getOrDefault(incidentId, ProjectedIncident.initial(incidentId)), events);
			entries.addAll(outcome.applied());
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
		this.store.write(entries, changed);
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
		this.store.dropAll();
	}

}
