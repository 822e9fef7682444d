package com.nimbus.incidents.projector.store;

import com.mongodb.MongoException;
import com.nimbus.incidents.readmodel.ReadModelIndexes;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the secondary indexes of the read models ({@link ReadModelIndexes}): at start,
 * before the projector consumes, and after a rebuild has dropped the collections (a drop
 * takes a collection's indexes with it), before the generation advances and every
 * instance replays into the empty collections. Creating an index that exists does
 * nothing, so every instance may do it, at every start.
 * <p>
 * The indexes only make reads faster (on a real MongoDB; the embedded store accepts and
 * ignores them), so a store that cannot be reached now is logged, not fatal: the next
 * start or rebuild creates them.
 */
@Component
public class StoreIndexes {

	private static final Logger log = LoggerFactory.getLogger(StoreIndexes.class);

	private final MongoTemplate mongo;

	public StoreIndexes(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@PostConstruct
	void atStart() {
		ensure();
	}

	/**
	 * Creates every declared index that does not exist; true when all exist now.
	 */
	public boolean ensure() {
		try {
			ReadModelIndexes.ensure(this.mongo.getDb());
			return true;
		}
		catch (MongoException ex) {
			log.warn("Could not create the read models' indexes now; the next start or rebuild will: {}",
					ex.toString());
			return false;
		}
	}

}
