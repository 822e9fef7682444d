package com.nimbus.incidents.command.catalog;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.nimbus.incidents.command.incident.InvalidCommandInput;

/**
 * The names a catalog holds: lowercase slugs ({@code eu-west-1}, {@code object-storage}),
 * 1 to 63 characters, letters, digits and inner hyphens, at most {@value #MAX_ENTRIES}
 * per list. A list comes back sorted, each name once.
 */
final class CatalogNames {

	static final int MAX_ENTRIES = 500;

	static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	static final String RULE = "must be a lowercase slug: 1 to 63 letters a-z, digits or inner hyphens";

	private CatalogNames() {
	}

	/**
	 * The list checked, sorted and without repeats.
	 * @throws InvalidCommandInput naming the first bad entry ({@code services[2]})
	 */
	static List<String> checked(String field, List<String> names) {
		if (names == null) {
			throw new InvalidCommandInput(field, field + " is required (an empty list clears it)");
		}
		if (names.size() > MAX_ENTRIES) {
			throw new InvalidCommandInput(field, field + " holds at most " + MAX_ENTRIES + " names");
		}
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || !SLUG.matcher(name).matches()) {
				throw new InvalidCommandInput(field + "[" + i + "]",
						field + "[" + i + "] " + ((name == null) ? "is null" : "\"" + name + "\"") + " " + RULE);
			}
		}
		return List.copyOf(new TreeSet<>(names));
	}

}
