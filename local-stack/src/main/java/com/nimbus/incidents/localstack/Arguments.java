package com.nimbus.incidents.localstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --name value} and {@code --name=value} options after an optional command word.
 */
public record Arguments(String command, Map<String, String> options) {

	public static Arguments parse(String[] args, List<String> known) {
		String command = null;
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				if (command != null) {
					throw new IllegalArgumentException("Unexpected argument: " + arg);
				}
				command = arg;
				continue;
			}
			String name;
			String value;
			int equals = arg.indexOf('=');
			if (equals > 0) {
				name = arg.substring(2, equals);
				value = arg.substring(equals + 1);
			}
			else {
				name = arg.substring(2);
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("--" + name + " needs a value");
				}
				value = args[++i];
			}
			if (!known.contains(name)) {
				throw new IllegalArgumentException(
						"Unknown option --" + name + "; known: --" + String.join(", --", known));
			}
			options.put(name, value);
		}
		return new Arguments(command, options);
	}

	public Optional<String> option(String name) {
		return Optional.ofNullable(this.options.get(name));
	}

	public int intOption(String name, int defaultValue) {
		return option(name).map(Integer::parseInt).orElse(defaultValue);
	}

}
