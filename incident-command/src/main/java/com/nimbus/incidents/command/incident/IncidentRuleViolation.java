package com.nimbus.incidents.command.incident;

/**
 * A command the incident's current state forbids (HTTP 409).
 */
public class IncidentRuleViolation extends RuntimeException {

	private final String rule;

	IncidentRuleViolation(String rule, String message) {
		super(message);
		this.rule = rule;
	}

	/**
	 * A stable name for the rule, for clients to branch on.
	 */
	public String rule() {
		return this.rule;
	}

}
