package com.nimbus.incidents.command.incident;

/**
 * The {@code If-Match} header: the version the client last saw, as {@code "12"} (or
 * {@code 12}, or {@code W/"12"}). A stale one gets 412.
 */
final class IfMatch {

	static final String HEADER = "If-Match";

	private IfMatch() {
	}

	/**
	 * @return the expected version, or {@code null} without a header
	 */
	static Long expectedVersion(String header) {
		if (header == null || header.isBlank() || header.strip().equals("*")) {
			return null;
		}
		String value = header.strip();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		try {
			long version = Long.parseLong(value);
			if (version >= 0) {
				return version;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidCommandInput(HEADER,
				"If-Match must be the quoted version the client last saw, such as \"12\" (got " + header + ")");
	}

}
