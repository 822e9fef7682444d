package com.nimbus.incidents.query.status;

import java.util.Locale;

/**
 * Whether an {@code Accept-Encoding} header (RFC 9110, 12.5.3) accepts gzip: it names
 * {@code gzip} (or {@code x-gzip}, or {@code *}) without {@code q=0}. Pure.
 */
final class AcceptEncoding {

	private AcceptEncoding() {
	}

	static boolean gzip(String header) {
		if (header == null) {
			return false;
		}
		boolean wildcard = false;
		for (String element : header.split(",")) {
			String[] parts = element.split(";");
			String coding = parts[0].strip().toLowerCase(Locale.ROOT);
			boolean refused = false;
			for (int i = 1; i < parts.length; i++) {
				String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
				if (parameter.startsWith("q=")) {
					refused = parameter.substring(2).matches("0(\\.0{0,3})?");
				}
			}
			if (coding.equals("gzip") || coding.equals("x-gzip")) {
				return !refused;
			}
			if (coding.equals("*")) {
				wildcard = !refused;
			}
		}
		return wildcard;
	}

}
