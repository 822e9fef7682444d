package com.nimbus.incidents.query.incident;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.query.limits.ReadBudget;
import com.nimbus.incidents.history.IncidentState;
import com.nimbus.incidents.history.IncidentStatus;
import com.nimbus.incidents.history.PointInTime;
import com.nimbus.incidents.history.TimelineMetrics;
import com.nimbus.incidents.query.incident.IncidentReadModels.ListFilter;
import com.nimbus.incidents.query.incident.Responses.Entry;
import com.nimbus.incidents.query.incident.Responses.EventLog;
import com.nimbus.incidents.query.incident.Responses.IncidentPage;
import com.nimbus.incidents.query.incident.Responses.IncidentSummary;
import com.nimbus.incidents.query.incident.Responses.Metrics;
import com.nimbus.incidents.query.incident.Responses.State;
import com.nimbus.incidents.query.incident.Responses.Timeline;
import com.nimbus.incidents.query.limits.LimitsProperties;
import com.nimbus.incidents.query.limits.TooCostly;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads of incidents, answered from the read models. Reads are eventually consistent;
 * each answer carries the version it reflects.
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentQueryController {

	static final int MAX_PAGE_SIZE = 200;

	private final IncidentReadModels readModels;

	private final long maxEventsPerRead;

	private final Redaction redaction;

	private final ReadBudget budget;

	/**
	 * Heap of a listed action or note besides its text: the entry, its strings and times.
	 */
	private static final long KEPT_ENTRY_BYTES = 256;

	IncidentQueryController(IncidentReadModels readModels, LimitsProperties limits, Redaction redaction,
			ReadBudget budget) {
		this.readModels = readModels;
		this.redaction = redaction;
		this.budget = budget;
		this.maxEventsPerRead = limits.maxEventsPerRead();
	}

	/**
	 * Timelines, event logs and point-in-time states read every event of an incident;
	 * past {@code limits.max-events-per-read} the request is refused with a 422 rather
	 * than left to run. The bytes they decode are bounded on top of that by the read
	 * budget ({@code limits.request-bytes}, also a 422).
	 */
	private IncidentState affordable(IncidentState state, String what) {
		if (state.version() + 1 > this.maxEventsPerRead) {
			throw new TooCostly(state.incidentId() + " has " + (state.version() + 1) + " events; " + what
					+ " reads at most " + this.maxEventsPerRead);
		}
		return state;
	}

	@GetMapping
	IncidentPage list(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
			@RequestParam(required = false) String service, @RequestParam(required = false) String region,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "20") String size) {
		int pageNumber = integer("page", page, 0, 1_000_000);
		int pageSize = integer("size", size, 1, MAX_PAGE_SIZE);
		ListFilter filter = new ListFilter(oneOf("status", status, IncidentStatus.OPEN, IncidentStatus.RESOLVED),
				oneOf("severity", severity, Severity.values()), service, region, instant("from", from),
				instant("to", to));
		return this.readModels.list(filter, pageNumber, pageSize);
	}

	@GetMapping("/{incidentId}")
	IncidentSummary summary(@PathVariable String incidentId, Authentication caller) {
		return this.redaction.summary(IncidentSummary.of(state(incidentId)), caller);
	}

	@GetMapping("/{incidentId}/timeline")
	Timeline timeline(@PathVariable String incidentId) {
		return timelineOf(affordable(state(incidentId), "a timeline"));
	}

	private Timeline timelineOf(IncidentState state) {
		String incidentId = state.incidentId();
		List<Entry> entries = this.readModels.timelineEntries(incidentId, state.version())
			.stream()
			.sorted(java.util.Comparator.comparing(Entry::occurredAt).thenComparingLong(Entry::sequence))
			.toList();
		return new Timeline(incidentId, state.version(), entries, Metrics.of(TimelineMetrics.of(state)));
	}

	@GetMapping("/{incidentId}/events")
	EventLog events(@PathVariable String incidentId, Authentication caller) {
		IncidentState state = affordable(state(incidentId), "an event log");
		String events = this.readModels.entries(incidentId, state.version(), "sequence", "envelope")
			.documents()
			.stream()
			.map((entry) -> this.redaction.envelope(entry.getString("envelope"), caller))
			.collect(Collectors.joining(",", "[", "]"));
		return new EventLog(incidentId, state.version(), events);
	}

	@GetMapping(path = "/{incidentId}/postmortem", produces = "text/markdown")
	org.springframework.http.ResponseEntity<String> postmortem(@PathVariable String incidentId, Authentication caller) {
		IncidentState state = affordable(state(incidentId), "a postmortem draft");
		String markdown = PostmortemDraft.render(state, timelineOf(state).entries(),
				this.redaction.events(this.readModels.events(incidentId, state.version()), caller));
		return org.springframework.http.ResponseEntity.ok()
			.contentType(
					new org.springframework.http.MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
			.header("Incident-Version", String.valueOf(state.version()))
			.body(markdown);
	}

	@GetMapping("/{incidentId}/state")
	State stateAt(@PathVariable String incidentId, @RequestParam(required = false) String asOf,
			@RequestParam(required = false) String knownAt, Authentication caller) {
		Instant asOfTime = instant("asOf", asOf);
		Instant knownAtTime = instant("knownAt", knownAt);
		IncidentState current = affordable(state(incidentId), "a point-in-time state");
		PointInTime.Fold fold = new PointInTime.Fold(incidentId, asOfTime, knownAtTime);
		this.readModels.foldEvents(incidentId, current.version(), (event) -> {
			// the state keeps every action and note it lists: charged as the fold keeps
			// them
			if (event.payload() instanceof com.nimbus.incidents.events.NoteAdded note) {
				this.budget.charge(KEPT_ENTRY_BYTES + 2L * note.text().length());
			}
			else if (event.payload() instanceof com.nimbus.incidents.events.ActionRecorded action) {
				this.budget.charge(KEPT_ENTRY_BYTES + 2L * action.description().length());
			}
			fold.accept(event);
		});
		return this.redaction.state(State.of(incidentId, fold.result()), caller);
	}

	private IncidentState state(String incidentId) {
		return this.readModels.summary(incidentId).orElseThrow(() -> new IncidentNotFound(incidentId));
	}

	private static int integer(String name, String value, int min, int max) {
		try {
			int parsed = Integer.parseInt(value);
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidQuery(name,
				name + " must be a whole number from " + min + " to " + max + " (got " + value + ")");
	}

	@SafeVarargs
	private static <E extends Enum<E>> String oneOf(String name, String value, E... allowed) {
		if (value == null) {
			return null;
		}
		for (E candidate : allowed) {
			if (candidate.name().equals(value)) {
				return value;
			}
		}
		throw new InvalidQuery(name, name + " must be one of "
				+ Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", ")) + " (got " + value + ")");
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidQuery(name,
					name + " must be an ISO-8601 UTC time such as 2021-12-07T15:30:00Z (got " + value + ")");
		}
	}

}
