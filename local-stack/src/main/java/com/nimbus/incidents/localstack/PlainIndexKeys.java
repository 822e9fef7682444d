package com.nimbus.incidents.localstack;

import java.nio.ByteBuffer;
import java.util.Arrays;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * Unique index keys made of plain values (strings, 64- and 32-bit integers, object ids,
 * nulls): compared and stored without Java serialization, in the order Java serialization
 * gives them.
 * <p>
 * The store's unique indexes are ordered by the Java serialization of their keys
 * ({@link IndexKeyType}, kept so that store files written before stay valid). Two keys of
 * the same number of values, whose values agree in type up to the first that differs,
 * serialize to the same bytes up to that value (the same class descriptions and the same
 * back-reference numbers, as long as no value of a key is the very object of an earlier
 * one, which Java writes as a back reference); from there the bytes are, for a string,
 * its length in modified UTF-8 and then its characters in that encoding; for a
 * {@code long} or {@code int}, its two's complement, big-endian; for an object id, its
 * twelve bytes. H2 compares those bytes unsigned: {@link #compare} computes the same
 * answer from the values themselves, or says it cannot.
 * <p>
 * A key is stored as its values behind a tag H2's type never writes, and read back as a
 * key whose Java serialization is the same bytes (so it sorts where the key written was):
 * only keys whose values would not become the same object when read (two equal small
 * numbers, which {@code valueOf} shares) are stored so.
 */
final class PlainIndexKeys {

	/** {@link #compare}: these keys are compared by their serialized bytes. */
	static final int NOT_PLAIN = Integer.MIN_VALUE;

	/**
	 * The longest string compared here: its modified UTF-8 (at most three bytes a char)
	 * stays under the 65,535 bytes beyond which Java serializes a string differently.
	 */
	private static final int LONGEST_STRING = 20_000;

	private static final byte NULL = 0;

	private static final byte STRING = 1;

	private static final byte LONG = 2;

	private static final byte INT = 3;

	private static final byte OBJECT_ID = 4;

	private PlainIndexKeys() {
	}

	/**
	 * The sign of comparing the Java serializations of two keys, or {@link #NOT_PLAIN}
	 * when these keys are not ones whose order is known without serializing them.
	 */
	static int compare(KeyValue a, KeyValue b) {
		int size = a.size();
		if (size != b.size()) {
			return NOT_PLAIN;
		}
		for (int i = 0; i < size; i++) {
			Object x = a.get(i);
			Object y = b.get(i);
			if (sameAsAnEarlier(a, i, x) || sameAsAnEarlier(b, i, y)) {
				return NOT_PLAIN;
			}
			int order = compareValues(x, y);
			if (order != 0) {
				return order;
			}
		}
		return 0;
	}

	private static int compareValues(Object x, Object y) {
		if (x == null || y == null) {
			return (x == y) ? 0 : NOT_PLAIN;
		}
		if (x instanceof String s && y instanceof String t) {
			return compareStrings(s, t);
		}
		if (x instanceof Long m && y instanceof Long n) {
			return Integer.signum(Long.compareUnsigned(m, n));
		}
		if (x instanceof Integer m && y instanceof Integer n) {
			return Integer.signum(Integer.compareUnsigned(m, n));
		}
		if (x.getClass() == ObjectId.class && y.getClass() == ObjectId.class) {
			return Integer.signum(Arrays.compareUnsigned(((ObjectId) x).toByteArray(), ((ObjectId) y).toByteArray()));
		}
		return NOT_PLAIN;
	}

	/** By modified UTF-8: its length first (as Java writes it), then its bytes. */
	private static int compareStrings(String s, String t) {
		if (s.length() > LONGEST_STRING || t.length() > LONGEST_STRING) {
			return NOT_PLAIN;
		}
		int byLength = Integer.compare(utfLength(s), utfLength(t));
		if (byLength != 0) {
			return byLength;
		}
		int common = Math.min(s.length(), t.length());
		for (int i = 0; i < common; i++) {
			int c = rank(s.charAt(i));
			int d = rank(t.charAt(i));
			if (c != d) {
				return (c < d) ? -1 : 1;
			}
		}
		return Integer.signum(s.length() - t.length());
	}

	/**
	 * A char's place in the order of its modified UTF-8 bytes: as its value (the encoding
	 * keeps the order of chars), except {@code \u0000}, written as the two bytes
	 * {@code C0 80}, after every one-byte char and before every other two-byte one.
	 */
	private static int rank(char c) {
		return (c == 0) ? 0x7F * 2 + 1 : c * 2;
	}

	private static int utfLength(String s) {
		int length = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF) ? 2 : 3;
		}
		return length;
	}

	private static boolean sameAsAnEarlier(KeyValue key, int index, Object value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < index; i++) {
			if (key.get(i) == value) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this key is stored by {@link #write}: plain values only, none the object of
	 * another, and no two equal numbers of one type.
	 */
	static boolean storable(KeyValue key) {
		for (int i = 0; i < key.size(); i++) {
			Object value = key.get(i);
			if (!(value == null || value instanceof String || value instanceof Long || value instanceof Integer
					|| value.getClass() == ObjectId.class)) {
				return false;
			}
			if (sameAsAnEarlier(key, i, value)) {
				return false;
			}
			if (value instanceof Long || value instanceof Integer) {
				for (int j = 0; j < i; j++) {
					if (value.equals(key.get(j))) {
						return false;
					}
				}
			}
		}
		return true;
	}

	/** Writes a {@link #storable} key: its number of values, then each, tagged. */
	static void write(WriteBuffer buffer, KeyValue key) {
		buffer.putVarInt(key.size());
		for (Object value : key) {
			if (value == null) {
				buffer.put(NULL);
			}
			else if (value instanceof String text) {
				buffer.put(STRING).putVarInt(text.length()).putStringData(text, text.length());
			}
			else if (value instanceof Long number) {
				buffer.put(LONG).putLong(number);
			}
			else if (value instanceof Integer number) {
				buffer.put(INT).putInt(number);
			}
			else {
				byte[] bytes = ((ObjectId) value).toByteArray();
				buffer.put(OBJECT_ID).putVarInt(bytes.length).put(bytes);
			}
		}
	}

	/** Reads a key written by {@link #write}. */
	static KeyValue read(ByteBuffer buffer) {
		int size = DataUtils.readVarInt(buffer);
		Object[] values = new Object[size];
		for (int i = 0; i < size; i++) {
			byte type = buffer.get();
			values[i] = switch (type) {
				case NULL -> null;
				case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
				case LONG -> Long.valueOf(buffer.getLong());
				case INT -> Integer.valueOf(buffer.getInt());
				case OBJECT_ID -> {
					byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
					buffer.get(bytes);
					yield new ObjectId(bytes);
				}
				default -> throw new IllegalStateException("Unknown value type " + type + " in a stored index key");
			};
		}
		return new KeyValue(values);
	}

	/** The memory a key holds, as H2 counts it for its page cache. */
	static int memory(KeyValue key) {
		int memory = 48;
		for (Object value : key) {
			memory += (value instanceof String text) ? 48 + 2 * text.length() : 24;
		}
		return memory;
	}

}
