package com.nimbus.incidents.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.AffectedUsers;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactSource;

/**
 * An impact window with the latest known value of every field.
 *
 * @param corrected whether any {@code ImpactCorrected} changed it
 * @param reportedSequence the sequence of the {@code ImpactReported} event
 * @param source who reported it: a person, or monitoring (a signal-driven window)
 */
public record ImpactWindow(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
		Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds,
		boolean corrected, long reportedSequence, ImpactSource source) {

	public ImpactWindow {
		affectedCustomerIds = (affectedCustomerIds != null) ? List.copyOf(affectedCustomerIds) : List.of();
		source = (source != null) ? source : ImpactSource.RESPONDER;
	}

	/**
	 * A window a person reported.
	 */
	public ImpactWindow(String impactId, String service, String region, ImpactLevel level, BigDecimal errorRate,
			Instant startedAt, Instant endedAt, AffectedUsers estimatedAffectedUsers, List<String> affectedCustomerIds,
			boolean corrected, long reportedSequence) {
		this(impactId, service, region, level, errorRate, startedAt, endedAt, estimatedAffectedUsers,
				affectedCustomerIds, corrected, reportedSequence, ImpactSource.RESPONDER);
	}

	public boolean open() {
		return this.endedAt == null;
	}

	ImpactWindow endedAt(Instant newEnd) {
		return new ImpactWindow(this.impactId, this.service, this.region, this.level, this.errorRate, this.startedAt,
				newEnd, this.estimatedAffectedUsers, this.affectedCustomerIds, this.corrected, this.reportedSequence,
				this.source);
	}

	/**
	 * The window with each given field replaced; {@code reopened} clears its end.
	 */
	ImpactWindow corrected(Instant newStart, Instant newEnd, ImpactLevel newLevel, BigDecimal newErrorRate,
			boolean reopened) {
		Instant end = reopened ? null : ((newEnd != null) ? newEnd : this.endedAt);
		return new ImpactWindow(this.impactId, this.service, this.region, (newLevel != null) ? newLevel : this.level,
				(newErrorRate != null) ? newErrorRate : this.errorRate, (newStart != null) ? newStart : this.startedAt,
				end, this.estimatedAffectedUsers, this.affectedCustomerIds, true, this.reportedSequence, this.source);
	}

}
