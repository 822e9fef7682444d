package com.nimbus.incidents.events;

import java.util.List;

@SchemaVersion(1)
public record PostmortemPublished(String rootCause, String trigger, String resolution, String detection,
		List<String> lessons, List<ActionItem> actionItems) implements IncidentEvent {

	public PostmortemPublished {
		lessons = (lessons != null) ? List.copyOf(lessons) : List.of();
		actionItems = (actionItems != null) ? List.copyOf(actionItems) : List.of();
	}

}
