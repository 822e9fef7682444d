package com.nimbus.incidents.projector.status;

import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import com.nimbus.incidents.readmodel.status.StatusPageCodec;
import com.nimbus.incidents.readmodel.status.StatusPageDocument;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The status page document in the store ({@link OneDocumentStore}).
 */
class StatusPageStore {

	private final OneDocumentStore store;

	StatusPageStore(MongoTemplate mongo) {
		this.store = new OneDocumentStore(mongo, ReadModelCollections.STATUS_PAGE, ReadModelKeys.STATUS_PAGE_ID);
	}

	StatusPageDocument read() {
		return StatusPageCodec.fromDocument(this.store.read());
	}

	/**
	 * Writes {@code next} if the stored document is still at {@code readVersion}
	 * ({@code 0}: none stored; the first one gets a new epoch).
	 * @return the document as written (with its epoch); {@code null} when the stored one
	 * had moved on
	 */
	StatusPageDocument replace(long readVersion, StatusPageDocument next) {
		StatusPageDocument written = (readVersion == 0)
				? new StatusPageDocument(OneDocumentStore.newEpoch(), next.version(), next.incidents()) : next;
		return this.store.replace(readVersion, StatusPageCodec.toDocument(written)) ? written : null;
	}

	void drop() {
		this.store.drop();
	}

}
