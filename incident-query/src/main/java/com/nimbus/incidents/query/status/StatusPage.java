package com.nimbus.incidents.query.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.query.status.PublicIncident.PublicUpdate;

/**
 * The public status page, {@code GET /api/status}.
 *
 * @param generatedAt when it was rendered from the status page document
 * @param overall the highest level of any component, or {@code OPERATIONAL}
 * @param services every component (service and region) that had an impact window in an
 * incident the page shows, affected ones first, then by service and region
 * @param history resolved incidents of the last 90 days, latest resolution first
 * @param uptime per component, in the order of {@code services}
 */
record StatusPage(Instant generatedAt, String overall, List<ServiceStatus> services, List<PastIncident> history,
		List<ComponentUptime> uptime) {

	static final String OPERATIONAL = "OPERATIONAL";

	/**
	 * @param status the highest level of the open windows of open incidents on this
	 * component, or {@code OPERATIONAL}
	 * @param incidents the open incidents with an open window here
	 */
	record ServiceStatus(String service, String region, String status, List<PublicIncident> incidents) {

		boolean affected() {
			return !OPERATIONAL.equals(this.status);
		}

	}

	/**
	 * A resolved incident: its public title (or the generic text), public updates and
	 * impact windows.
	 */
	record PastIncident(String title, Instant resolvedAt, List<PublicUpdate> updates, List<PublicWindow> windows) {

	}

	/**
	 * @param endedAt a window left open when its incident was resolved ends with the
	 * resolution
	 */
	record PublicWindow(String service, String region, ImpactLevel level, Instant startedAt, Instant endedAt) {

	}

	/**
	 * @param from the first of the 90 UTC days, 89 days before today
	 * @param daily for each day from {@code from} to today, the share of the day without
	 * an impact window on this component, as {@link Uptime} computes it
	 */
	record ComponentUptime(String service, String region, LocalDate from, List<String> daily) {

	}

}
