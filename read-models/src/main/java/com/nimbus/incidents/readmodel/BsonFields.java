package com.nimbus.incidents.readmodel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * How the codecs write and read each kind of value: times as BSON dates (UTC,
 * milliseconds), decimals as {@code Decimal128} (exact), enums by name, {@code long}s as
 * 64-bit integers. A {@code null} is left out of the document, as Spring Data's converter
 * left it out before the codecs existed, so documents it wrote read the same.
 */
final class BsonFields {

	private BsonFields() {
	}

	/**
	 * Appends the value unless it is {@code null}.
	 */
	static Document put(Document document, String name, Object value) {
		if (value != null) {
			document.append(name, value);
		}
		return document;
	}

	static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	static Decimal128 decimal(BigDecimal value) {
		return (value != null) ? new Decimal128(value) : null;
	}

	static String name(Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	static <T> List<Document> documents(List<T> values, Function<T, Document> encode) {
		if (values == null) {
			return null;
		}
		List<Document> documents = new ArrayList<>(values.size());
		values.forEach((value) -> documents.add(encode.apply(value)));
		return documents;
	}

	static String string(Document document, String name) {
		return document.getString(name);
	}

	static Instant instant(Document document, String name) {
		Date date = document.getDate(name);
		return (date != null) ? date.toInstant() : null;
	}

	static long longValue(Document document, String name) {
		Number number = document.get(name, Number.class);
		if (number == null) {
			throw new IllegalStateException("The read model lacks '" + name + "': " + document.toJson());
		}
		return number.longValue();
	}

	static int intValue(Document document, String name) {
		return Math.toIntExact(longValue(document, name));
	}

	static boolean booleanValue(Document document, String name) {
		return Boolean.TRUE.equals(document.getBoolean(name));
	}

	/**
	 * A decimal as stored ({@code Decimal128}), as a document not yet stored holds it, or
	 * as a string, how Spring Data wrote {@code BigDecimal}s by default before version 5.
	 */
	static BigDecimal decimal(Document document, String name) {
		Object value = document.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Decimal128 decimal) {
			return decimal.bigDecimalValue();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof String text) {
			return new BigDecimal(text);
		}
		throw new IllegalStateException("'" + name + "' is not a decimal: " + value);
	}

	static <E extends Enum<E>> E enumValue(Document document, String name, Class<E> type) {
		String value = document.getString(name);
		return (value != null) ? Enum.valueOf(type, value) : null;
	}

	static List<String> strings(Document document, String name) {
		return document.containsKey(name) ? document.getList(name, String.class) : null;
	}

	static Document document(Document document, String name) {
		return document.get(name, Document.class);
	}

	static <T> List<T> list(Document document, String name, Function<Document, T> decode) {
		List<Document> documents = document.containsKey(name) ? document.getList(name, Document.class) : null;
		if (documents == null) {
			return null;
		}
		List<T> values = new ArrayList<>(documents.size());
		documents.forEach((value) -> values.add(decode.apply(value)));
		return values;
	}

	static <T> T nested(Document document, String name, Function<Document, T> decode) {
		Document value = document.get(name, Document.class);
		return (value != null) ? decode.apply(value) : null;
	}

}
