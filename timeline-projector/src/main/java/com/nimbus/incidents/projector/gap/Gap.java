package com.nimbus.incidents.projector.gap;

import java.time.Duration;
import java.time.Instant;

/**
 * An open gap: an aggregate whose next sequence has not arrived while later ones wait.
 *
 * @param stream {@code incident} or {@code contract}
 * @param aggregateId the incident or customer
 * @param missing the first sequence missing
 * @param waiting how many events wait behind the gap
 * @param since when the oldest of them was parked
 * @param age how long the gap has been open, at least
 */
public record Gap(String stream, String aggregateId, long missing, int waiting, Instant since, Duration age) {

}
