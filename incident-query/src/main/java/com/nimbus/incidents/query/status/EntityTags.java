package com.nimbus.incidents.query.status;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code If-None-Match} (RFC 9110, 13.1.2) against the entity tags of the current
 * representation, pure: the header is {@code *} or a comma-separated list of entity tags,
 * each strong ({@code "x"}) or weak ({@code W/"x"}); the comparison is the weak one, so
 * {@code W/"x"} matches {@code "x"}. A header that cannot be read matches nothing: the
 * client gets the page.
 */
final class EntityTags {

	private EntityTags() {
	}

	/**
	 * Whether a request with this {@code If-None-Match} already has the representation
	 * with one of {@code current} (each in its quoted form).
	 */
	static boolean noneMatchFails(String ifNoneMatch, String... current) {
		if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
			return false;
		}
		if (ifNoneMatch.strip().equals("*")) {
			return true;
		}
		for (String tag : parse(ifNoneMatch)) {
			for (String candidate : current) {
				if (tag.equals(opaque(candidate))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The opaque tags (quotes included, {@code W/} dropped) of a list; commas inside
	 * quotes belong to the tag.
	 */
	static List<String> parse(String header) {
		List<String> tags = new ArrayList<>();
		int i = 0;
		int length = header.length();
		while (i < length) {
			char c = header.charAt(i);
			if (c == ' ' || c == '\t' || c == ',') {
				i++;
				continue;
			}
			if (header.startsWith("W/", i)) {
				i += 2;
			}
			if (i >= length || header.charAt(i) != '"') {
				// not an entity tag: skip to the next element
				int comma = header.indexOf(',', i);
				i = (comma < 0) ? length : comma + 1;
				continue;
			}
			int close = header.indexOf('"', i + 1);
			if (close < 0) {
				break;
			}
			tags.add(header.substring(i, close + 1));
			i = close + 1;
		}
		return tags;
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

}
