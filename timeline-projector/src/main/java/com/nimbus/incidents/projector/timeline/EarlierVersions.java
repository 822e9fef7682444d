package com.nimbus.incidents.projector.timeline;

import com.nimbus.incidents.readmodel.ListBucketWriter;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Read models written by earlier versions, brought up to this one once at start, before
 * the projector consumes (it starts later, as a lifecycle bean): list rows from the
 * summaries, list buckets from the list rows, component incidents moved into their
 * months; impact facts without their views are reported (only a rebuild builds those).
 * Each step finds nothing to do on a store this version wrote.
 */
@Component
public class EarlierVersions {

	private static final Logger log = LoggerFactory.getLogger(EarlierVersions.class);

	private final MongoTemplate mongo;

	public EarlierVersions(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@jakarta.annotation.PostConstruct
	void bringUp() {
		ListBackfill.run(this.mongo);
		ListBucketBackfill.run(this.mongo,
				new ListBucketWriter(this.mongo.getCollection(ReadModelCollections.INCIDENT_LIST_BUCKETS)));
		moveLegacyCustomerRefs();
		reportLegacyImpactFacts();
	}

	/**
	 * Customer refs and component incidents of an earlier version, one document each, are
	 * moved into monthly buckets.
	 */
	public void moveLegacyCustomerRefs() {
		LegacyCustomerRefs.run(this.mongo);
	}

	private void reportLegacyImpactFacts() {
		if (this.mongo.getCollection(ReadModelCollections.LEGACY_IMPACT_FACTS).find().limit(1).first() != null
				&& this.mongo.getCollection(ReadModelCollections.INCIDENT_IMPACT_FACTS)
					.find()
					.limit(1)
					.first() == null) {
			log.warn("The read models were built by an earlier version: SLA reports and customer views stay "
					+ "empty until POST /admin/rebuild builds the views of impact windows");
		}
	}

}
