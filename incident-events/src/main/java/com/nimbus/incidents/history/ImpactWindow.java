package com.nimbus.incidents.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ImpactLevel;

/**
 * An impact window with the latest known value of every field.
 *
 * @param corrected whether any {@code ImpactCorrected} changed it
 * @param reportedSequence the sequence of the {@code ImpactReported} event
 */
public record ImpactWindow(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
		Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds,
		boolean corrected, long reportedSequence) {

	public ImpactWindow {
		affectedCustomerIds = (affectedCustomerIds != null) ? List.copyOf(affectedCustomerIds) : List.of();
	}

	public boolean open() {
		return this.endedAt == null;
	}

	ImpactWindow endedAt(Instant newEnd) {
		return new ImpactWindow(this.impactId, this.service, this.region, this.level, this.errorRate, this.startedAt,
				newEnd, this.estimatedAffectedUsers, this.affectedCustomerIds, this.corrected, this.reportedSequence);
	}

	ImpactWindow corrected(Instant newStart, Instant newEnd, ImpactLevel newLevel, BigDecimal newErrorRate) {
		return new ImpactWindow(this.impactId, this.service, this.region, (newLevel != null) ? newLevel : this.level,
				(newErrorRate != null) ? newErrorRate : this.errorRate, (newStart != null) ? newStart : this.startedAt,
				(newEnd != null) ? newEnd : this.endedAt, this.estimatedAffectedUsers, this.affectedCustomerIds, true,
				this.reportedSequence);
	}

}
