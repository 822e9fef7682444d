package com.nimbus.incidents.query.incident;

/**
 * No read model knows the incident (HTTP 404).
 */
public class IncidentNotFound extends RuntimeException {

	public IncidentNotFound(String incidentId) {
		super("There is no incident " + incidentId);
	}

}
