package com.nimbus.incidents.notifier.delivery;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * Typed fields of the notifier's stored documents, read leniently (a missing field is the
 * default given) and written as the driver stores them.
 */
final class StoredFields {

	private StoredFields() {
	}

	static Long number(Document document, String field, long orElse) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : orElse;
	}

	static Instant instant(Document document, String field) {
		Date date = document.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

	static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

}
