package com.nimbus.incidents.query.contract;

import java.time.Instant;

import com.nimbus.incidents.events.ContractTerms;

/**
 * One version of a customer's terms, as the log recorded it.
 */
public record ContractVersion(String customerId, long sequence, Instant recordedAt, ContractTerms terms) {

	public Instant effectiveFrom() {
		return this.terms.effectiveFrom();
	}

}
