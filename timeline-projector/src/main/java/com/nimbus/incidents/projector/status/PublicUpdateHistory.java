package com.nimbus.incidents.projector.status;

import java.util.List;

import com.nimbus.incidents.readmodel.status.StatusPageUpdate;

/**
 * The public status updates an incident posted, read back from where its events are kept:
 * for an incident that enters the status page after it had already published something
 * (an impact reported after the first public update, a reopened incident whose entry was
 * pruned, a backfill).
 */
public interface PublicUpdateHistory {

	/**
	 * The incident's public status updates with a sequence at or below
	 * {@code upToSequence}, in any order.
	 */
	List<StatusPageUpdate> upTo(String incidentId, long upToSequence);

}
