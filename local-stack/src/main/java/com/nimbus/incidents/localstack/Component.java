package com.nimbus.incidents.localstack;

/**
 * The processes of the local stack, in start order.
 */
public enum Component {

	KAFKA("kafka"), MONGO("mongo"), COMMAND("incident-command"), PROJECTOR("timeline-projector"),
	QUERY("incident-query"), NOTIFIER("notifier"), CONSOLE("console");

	private final String processName;

	Component(String processName) {
		this.processName = processName;
	}

	public String processName() {
		return this.processName;
	}

	public boolean isService() {
		return this == COMMAND || this == PROJECTOR || this == QUERY || this == NOTIFIER || this == CONSOLE;
	}

}
