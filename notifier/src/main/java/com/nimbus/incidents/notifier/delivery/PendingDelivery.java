package com.nimbus.incidents.notifier.delivery;

/**
 * One event waiting to be delivered to one subscription.
 *
 * @param subscriptionId the subscription
 * @param event the event
 * @param replay asked for again by a replay: sent even though the lane is past it
 */
public record PendingDelivery(String subscriptionId, StoredEvent event, boolean replay) {

	/** The lane: one per subscription and incident, delivered strictly in order. */
	public String laneId() {
		return laneId(this.subscriptionId, this.event.incidentId());
	}

	public static String laneId(String subscriptionId, String incidentId) {
		return subscriptionId + "|" + incidentId;
	}

}
