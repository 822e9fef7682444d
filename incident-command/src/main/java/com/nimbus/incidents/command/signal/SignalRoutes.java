package com.nimbus.incidents.command.signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.Severity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The routing rules in force, read once at start from a YAML file ({@code signals.routes}
 * , default the {@code signal-routes.yml} that ships with the platform). A file that does
 * not read is a start-up failure naming what is wrong, never a silent default.
 */
record SignalRoutes(Duration flapWindow, List<Route> routes) {

	static final Set<String> ROUTE_FIELDS = Set.of("name", "match", "action", "severity", "flapWindow");

	static final Set<String> MATCH_FIELDS = Set.of("minLevel", "services", "regions", "sources", "labels");

	SignalRoutes {
		routes = List.copyOf(routes);
	}

	/**
	 * What a route does with a signal no open incident covers.
	 */
	enum Action {

		DECLARE, TRIAGE

	}

	/**
	 * One rule. Empty match conditions match everything.
	 */
	record Route(String name, ImpactLevel minLevel, List<String> services, List<String> regions, List<String> sources,
			Map<String, String> labels, Action action, Severity severity, Duration flapWindow) {

		boolean matches(Signal signal) {
			return (this.minLevel == null || signal.level().compareTo(this.minLevel) >= 0)
					&& (this.services.isEmpty() || this.services.contains(signal.service()))
					&& (this.regions.isEmpty() || this.regions.contains(signal.region()))
					&& (this.sources.isEmpty() || this.sources.contains(signal.source()))
					&& this.labels.entrySet()
						.stream()
						.allMatch((label) -> label.getValue().equals(signal.labels().get(label.getKey())));
		}

	}

	/**
	 * The first route matching the signal; none when no route matches (the signal then
	 * waits for triage).
	 */
	Optional<Route> route(Signal signal) {
		return this.routes.stream().filter((route) -> route.matches(signal)).findFirst();
	}

	/**
	 * The flap window for the signal: its route's, else the file's.
	 */
	Duration flapWindow(Signal signal) {
		return route(signal).map(Route::flapWindow).orElse(this.flapWindow);
	}

	static SignalRoutes read(InputStream in, String origin) {
		Object document;
		try (in) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the signal routes " + origin, ex);
		}
		catch (RuntimeException ex) {
			throw invalid(origin, "it is not YAML: " + ex.getMessage());
		}
		Map<?, ?> root = map(origin, "the file", document);
		unknown(origin, "the file", root, Set.of("flapWindow", "routes"));
		Duration flapWindow = duration(origin, "flapWindow", root.get("flapWindow"), Duration.ofMinutes(5));
		List<Route> routes = new ArrayList<>();
		Object listed = root.get("routes");
		if (!(listed instanceof List<?> items)) {
			throw invalid(origin, "routes must be a list of routes");
		}
		for (int i = 0; i < items.size(); i++) {
			String at = "routes[" + i + "]";
			Map<?, ?> route = map(origin, at, items.get(i));
			unknown(origin, at, route, ROUTE_FIELDS);
			Map<?, ?> match = (route.get("match") != null) ? map(origin, at + ".match", route.get("match")) : Map.of();
			unknown(origin, at + ".match", match, MATCH_FIELDS);
			Action action = value(origin, at + ".action", route.get("action"), Action.class);
			if (action == null) {
				throw invalid(origin, at + ".action is required: declare or triage");
			}
			Severity severity = value(origin, at + ".severity", route.get("severity"), Severity.class);
			if (action == Action.DECLARE && severity == null) {
				throw invalid(origin, at + " declares, so it needs a severity (SEV1..SEV4)");
			}
			routes.add(new Route(String.valueOf(route.get("name") != null ? route.get("name") : at),
					value(origin, at + ".match.minLevel", match.get("minLevel"), ImpactLevel.class),
					strings(origin, at + ".match.services", match.get("services")),
					strings(origin, at + ".match.regions", match.get("regions")),
					strings(origin, at + ".match.sources", match.get("sources")),
					labels(origin, at + ".match.labels", match.get("labels")), action, severity,
					duration(origin, at + ".flapWindow", route.get("flapWindow"), flapWindow)));
		}
		return new SignalRoutes(flapWindow, routes);
	}

	private static Map<?, ?> map(String origin, String at, Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			throw invalid(origin, at + " must be a mapping");
		}
		return map;
	}

	private static void unknown(String origin, String at, Map<?, ?> map, Set<String> known) {
		for (Object key : map.keySet()) {
			if (!known.contains(String.valueOf(key))) {
				throw invalid(origin, at + " has an unknown field '" + key + "' (known: " + known + ")");
			}
		}
	}

	private static Duration duration(String origin, String at, Object value, Duration otherwise) {
		if (value == null) {
			return otherwise;
		}
		try {
			Duration duration = Duration.parse(String.valueOf(value));
			if (duration.isNegative()) {
				throw invalid(origin, at + " must not be negative");
			}
			return duration;
		}
		catch (DateTimeParseException ex) {
			throw invalid(origin, at + " must be an ISO-8601 duration such as PT5M (got " + value + ")");
		}
	}

	private static <E extends Enum<E>> E value(String origin, String at, Object value, Class<E> type) {
		if (value == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, String.valueOf(value).toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(origin, at + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
					+ " (got " + value + ")");
		}
	}

	private static List<String> strings(String origin, String at, Object value) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw invalid(origin, at + " must be a list");
		}
		return list.stream().map(String::valueOf).toList();
	}

	private static Map<String, String> labels(String origin, String at, Object value) {
		if (value == null) {
			return Map.of();
		}
		Map<?, ?> map = map(origin, at, value);
		Map<String, String> labels = new java.util.LinkedHashMap<>();
		map.forEach((key, label) -> labels.put(String.valueOf(key), String.valueOf(label)));
		return labels;
	}

	private static IllegalStateException invalid(String origin, String problem) {
		return new IllegalStateException("The signal routes " + origin + " are not valid: " + problem);
	}

}
