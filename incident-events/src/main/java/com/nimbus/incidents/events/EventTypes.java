package com.nimbus.incidents.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * The registry of wire names and schema versions, read from the declarations on
 * {@link IncidentEvent}, {@link ContractEvent} and {@link SchemaVersion}, so that each
 * name is written exactly once.
 */
public final class EventTypes {

	private static final Map<String, EventType> BY_NAME;

	private static final Map<Class<?>, EventType> BY_CLASS;

	static {
		Map<String, EventType> byName = new LinkedHashMap<>();
		Map<Class<?>, EventType> byClass = new LinkedHashMap<>();
		for (Class<?> family : new Class<?>[] { IncidentEvent.class, ContractEvent.class }) {
			for (JsonSubTypes.Type declared : family.getAnnotation(JsonSubTypes.class).value()) {
				Class<?> payloadClass = declared.value();
				SchemaVersion version = payloadClass.getAnnotation(SchemaVersion.class);
				if (version == null) {
					throw new IllegalStateException(payloadClass + " declares no @SchemaVersion");
				}
				EventType type = new EventType(declared.name(), payloadClass, version.value(), family);
				if (byName.put(type.name(), type) != null || byClass.put(payloadClass, type) != null) {
					throw new IllegalStateException("Event type declared twice: " + type);
				}
			}
		}
		BY_NAME = java.util.Collections.unmodifiableMap(byName);
		BY_CLASS = Map.copyOf(byClass);
	}

	private EventTypes() {
	}

	public static EventType of(Class<?> payloadClass) {
		EventType type = BY_CLASS.get(payloadClass);
		if (type == null) {
			throw new IllegalArgumentException("Not a registered incident event: " + payloadClass.getName());
		}
		return type;
	}

	public static Optional<EventType> named(String name) {
		return Optional.ofNullable(BY_NAME.get(name));
	}

	public static Collection<EventType> all() {
		return BY_NAME.values();
	}

	/**
	 * The registered type of this name in a family, for readers of one topic.
	 */
	public static Optional<EventType> named(String name, Class<?> family) {
		return named(name).filter((type) -> type.family().equals(family));
	}

}
