package com.nimbus.incidents.command.signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.command.store.CommandStore;
import com.nimbus.incidents.events.SignalStatus;
import org.bson.Document;

/**
 * What the placer keeps, every read by {@code _id} or of the triage list (which holds
 * only unplaced alerts): with a million incidents stored, placing a signal reads one
 * alert's state and one component's coverage.
 */
class SignalStore {

	private final MongoCollection<Document> states;

	private final MongoCollection<Document> triage;

	private final MongoCollection<Document> coverage;

	private final MongoCollection<Document> incidents;

	private final MongoCollection<Document> durable;

	/**
	 * Writes go to the store without waiting for its journal; {@link #barrier()} then
	 * waits once for all of them (a journal keeps writes in order), before the placer
	 * commits its offsets or a person's attach is answered.
	 */
	SignalStore(MongoDatabase database) {
		MongoDatabase deferred = database.withWriteConcern(database.getWriteConcern().withJournal(false));
		this.states = deferred.getCollection(CommandStore.SIGNAL_STATES);
		this.triage = deferred.getCollection(CommandStore.SIGNAL_TRIAGE);
		this.coverage = deferred.getCollection(CommandStore.SIGNAL_COVERAGE);
		this.incidents = deferred.getCollection(CommandStore.SIGNAL_INCIDENTS);
		this.durable = database.getCollection(CommandStore.SIGNAL_STATES);
	}

	/**
	 * Returns once every write before it is durable: one journaled write.
	 */
	void barrier() {
		this.durable.replaceOne(Filters.eq("_id", BARRIER),
				new Document("_id", BARRIER).append("at", new java.util.Date()), new ReplaceOptions().upsert(true));
	}

	/** The barrier's document: no alert's key (they hold a colon) is this. */
	static final String BARRIER = "~barrier";

	/**
	 * What is known of an alert.
	 *
	 * @param signal the last signal taken in for it
	 * @param incidentId the incident it was placed in, {@code null} while unplaced
	 * @param placedBy how: {@code open incident}, a route's name, or the person who
	 * attached it
	 */
	record AlertState(String key, SignalStatus status, Instant startsAt, Signal signal, String incidentId,
			String placedBy) {

		boolean placed() {
			return this.incidentId != null;
		}

	}

	Optional<AlertState> state(String key) {
		Document found = this.states.find(Filters.eq("_id", key)).first();
		return Optional.ofNullable(found).map(SignalStore::state);
	}

	/**
	 * The states of these alerts that are known, by key: one read by {@code _id $in}.
	 */
	Map<String, AlertState> states(Collection<String> keys) {
		Map<String, AlertState> found = new java.util.HashMap<>();
		for (Document document : this.states.find(Filters.in("_id", keys))) {
			AlertState state = state(document);
			found.put(state.key(), state);
		}
		return found;
	}

	private static AlertState state(Document found) {
		return new AlertState(found.getString("_id"), SignalStatus.valueOf(found.getString("status")),
				found.getDate("startsAt").toInstant(), SignalCodec.decode(found.getString("signal")),
				found.getString("incidentId"), found.getString("placedBy"));
	}

	/**
	 * Saves states in two bulk writes; {@code waiting} says which stay listed for triage.
	 */
	void saveAll(Collection<AlertState> changed, Map<String, Boolean> waiting) {
		if (changed.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> stateWrites = new ArrayList<>();
		List<WriteModel<Document>> triageWrites = new ArrayList<>();
		for (AlertState state : changed) {
			stateWrites.add(new ReplaceOneModel<>(Filters.eq("_id", state.key()), document(state),
					new ReplaceOptions().upsert(true)));
			triageWrites
				.add(Boolean.TRUE.equals(waiting.get(state.key()))
						? new ReplaceOneModel<>(Filters.eq("_id", state.key()), triageDocument(state),
								new ReplaceOptions().upsert(true))
						: new DeleteOneModel<>(Filters.eq("_id", state.key())));
		}
		this.states.bulkWrite(stateWrites, new BulkWriteOptions().ordered(false));
		this.triage.bulkWrite(triageWrites, new BulkWriteOptions().ordered(false));
	}

	private static Document document(AlertState state) {
		return new Document("_id", state.key()).append("status", state.status().name())
			.append("startsAt", java.util.Date.from(state.startsAt()))
			.append("signal", SignalCodec.text(state.signal()))
			.append("incidentId", state.incidentId())
			.append("placedBy", state.placedBy());
	}

	private static Document triageDocument(AlertState state) {
		return new Document("_id", state.key()).append("signal", SignalCodec.text(state.signal()));
	}

	/**
	 * Saves the state, listing it for triage or not.
	 */
	void save(AlertState state, boolean waiting) {
		saveAll(List.of(state), Map.of(state.key(), waiting));
	}

	/**
	 * The alerts waiting for a person, at most {@code limit}. The collection holds only
	 * those (an alert placed or attached leaves it), so the read costs what it returns
	 * however many incidents and signals are stored; past the limit the answer says it is
	 * truncated.
	 */
	List<Signal> triage(int limit) {
		List<Signal> signals = new ArrayList<>();
		for (Document document : this.triage.find().limit(limit)) {
			signals.add(SignalCodec.decode(document.getString("signal")));
		}
		signals.sort(java.util.Comparator.comparing(Signal::startsAt).thenComparing((Signal signal) -> signal.key()));
		return signals;
	}

	/**
	 * Who covers a component.
	 *
	 * @param incidents the open incidents covering it, earliest covered first
	 * @param generation how many times an incident stopped covering it: an incident
	 * declared for the component is named after it, so that placers racing to declare one
	 * declare the same
	 */
	record Coverage(List<String> incidents, long generation) {
	}

	Coverage covering(String component) {
		Document found = this.coverage.find(Filters.eq("_id", component)).first();
		if (found == null) {
			return new Coverage(List.of(), 0);
		}
		Number generation = found.get("generation", Number.class);
		return new Coverage(found.getList("incidents", String.class, List.of()),
				(generation != null) ? generation.longValue() : 0);
	}

	/**
	 * The incident covers these components (it is open).
	 */
	void cover(String incidentId, Collection<String> components) {
		if (components.isEmpty()) {
			return;
		}
		this.incidents.updateOne(Filters.eq("_id", incidentId), Updates
			.combine(Updates.addEachToSet("components", new ArrayList<>(components)), Updates.set("open", true)),
				new UpdateOptions().upsert(true));
		for (String component : components) {
			this.coverage.updateOne(Filters.eq("_id", component), Updates.addToSet("incidents", incidentId),
					new UpdateOptions().upsert(true));
		}
	}

	/**
	 * The incident resolved: it covers nothing until reopened.
	 */
	void uncover(String incidentId) {
		Document found = this.incidents.find(Filters.eq("_id", incidentId)).first();
		if (found == null) {
			return;
		}
		for (String component : found.getList("components", String.class, List.of())) {
			this.coverage.updateOne(Filters.eq("_id", component),
					Updates.combine(Updates.pull("incidents", incidentId), Updates.inc("generation", 1)));
		}
		this.incidents.updateOne(Filters.eq("_id", incidentId), Updates.set("open", false));
	}

	/**
	 * The incident reopened: it covers its components again.
	 */
	void recover(String incidentId) {
		Document found = this.incidents.find(Filters.eq("_id", incidentId)).first();
		if (found != null) {
			cover(incidentId, found.getList("components", String.class, List.of()));
		}
	}

}
