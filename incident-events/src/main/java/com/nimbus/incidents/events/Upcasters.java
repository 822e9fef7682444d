package com.nimbus.incidents.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How every published schema version of a payload becomes the current one, one version at
 * a time, on plain maps (the JSON object of the payload), so that the command side's Axon
 * upcasters and the consumers' decoders run the same code.
 */
public final class Upcasters {

	/** For each type, the step from version {@code n} to {@code n + 1}. */
	private static final Map<String, Map<Integer, UnaryOperator<Map<String, Object>>>> STEPS = Map.of("ActionRecorded",
			Map.of(1, (v1) -> {
				Map<String, Object> v2 = new LinkedHashMap<>(v1);
				v2.putIfAbsent("relatedImpactIds", List.of());
				return v2;
			}), "IncidentDeclared", Map.of(1, Upcasters::withoutPublicTitle), "StatusUpdatePosted",
			Map.of(1, Upcasters::withoutPublicTitle), "ImpactReported", Map.of(1, (v1) -> {
				Map<String, Object> v2 = new LinkedHashMap<>(v1);
				v2.putIfAbsent("source", ImpactSource.RESPONDER.name());
				return v2;
			}), "ImpactCorrected", Map.of(1, (v1) -> v1));

	private Upcasters() {
	}

	/**
	 * The payload of {@code type} at {@code version}, in the current schema.
	 * @throws IllegalArgumentException for an unknown type, or a version newer than this
	 * code knows
	 */
	public static Map<String, Object> upcast(String type, int version, Map<String, Object> payload) {
		EventType eventType = EventTypes.named(type)
			.orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
		if (version > eventType.schemaVersion() || version < 1) {
			throw new IllegalArgumentException(type + " schema version " + version + " is not readable here (current: "
					+ eventType.schemaVersion() + ")");
		}
		Map<String, Object> current = payload;
		for (int from = version; from < eventType.schemaVersion(); from++) {
			UnaryOperator<Map<String, Object>> step = STEPS.getOrDefault(type, Map.of()).get(from);
			if (step == null) {
				throw new IllegalStateException("No upcaster for " + type + " from version " + from);
			}
			current = step.apply(current);
		}
		return current;
	}

	/**
	 * Version 1 of {@code IncidentDeclared} and {@code StatusUpdatePosted} had no public
	 * title: it reads as absent ({@code null}), never as the internal title.
	 */
	private static Map<String, Object> withoutPublicTitle(Map<String, Object> v1) {
		Map<String, Object> v2 = new LinkedHashMap<>(v1);
		v2.putIfAbsent("publicTitle", null);
		return v2;
	}

	/**
	 * Whether a payload of this version needs upcasting.
	 */
	public static boolean isOld(String type, int version) {
		return EventTypes.named(type).map((eventType) -> version < eventType.schemaVersion()).orElse(false);
	}

}
