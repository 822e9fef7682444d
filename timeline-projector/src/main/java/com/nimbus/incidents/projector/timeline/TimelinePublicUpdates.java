package com.nimbus.incidents.projector.timeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.nimbus.incidents.events.EventEnvelope;
import com.nimbus.incidents.events.EventTypes;
import com.nimbus.incidents.events.StatusUpdatePosted;
import com.nimbus.incidents.projector.status.PublicUpdateHistory;
import com.nimbus.incidents.projector.status.StatusEntries;
import com.nimbus.incidents.readmodel.status.StatusPageUpdate;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * An incident's public status updates read back from its timeline entries: by
 * {@code _id $in} for sequences {@code 0..n}, in chunks, each entry's envelope decoded as
 * published (and upcast). Asked only when an incident enters the status page after it had
 * already published something, so it costs one read of the incident's entries then.
 */
@Component
class TimelinePublicUpdates implements PublicUpdateHistory {

	private static final int CHUNK = 1000;

	private static final String TYPE = EventTypes.of(StatusUpdatePosted.class).name();

	private final MongoTemplate mongo;

	private final EnvelopeDecoder decoder;

	TimelinePublicUpdates(MongoTemplate mongo, EnvelopeDecoder decoder) {
		this.mongo = mongo;
		this.decoder = decoder;
	}

	@Override
	public List<StatusPageUpdate> upTo(String incidentId, long upToSequence) {
		List<EventEnvelope> posted = new ArrayList<>();
		for (long from = 0; from <= upToSequence; from += CHUNK) {
			List<String> ids = new ArrayList<>();
			for (long sequence = from; sequence <= Math.min(upToSequence, from + CHUNK - 1); sequence++) {
				ids.add(TimelineEntry.id(incidentId, sequence));
			}
			for (Document entry : this.mongo.getCollection(TimelineStore.ENTRIES)
				.find(Filters.in("_id", ids))
				.projection(Projections.include("type", "envelope"))) {
				if (!TYPE.equals(entry.getString("type"))) {
					continue;
				}
				posted
					.add(this.decoder.decode(entry.getString("envelope").getBytes(StandardCharsets.UTF_8)).envelope());
			}
		}
		return StatusEntries.publicUpdates(posted);
	}

}
