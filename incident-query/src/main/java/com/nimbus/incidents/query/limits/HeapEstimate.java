package com.nimbus.incidents.query.limits;

/**
 * How many bytes of heap a document read from the store takes once decoded, estimated
 * from its BSON size. An {@code org.bson.Document} decoded from a 1,296-byte incident
 * summary held 8,413 bytes of heap (measured over 20,000 copies after a full GC, JDK 17,
 * compressed oops): each field is a map entry, a boxed or string value and a key string,
 * against a few bytes in BSON. The records the service builds from documents (timeline
 * lines, events, folded states) are leaner than the maps, so the estimate errs on the
 * side of holding less than the budgets allow, never more.
 */
public final class HeapEstimate {

	/**
	 * Heap bytes per BSON byte of a decoded document: the 6.5 measured, rounded up.
	 */
	public static final int PER_BSON_BYTE = 7;

	private HeapEstimate() {
	}

	public static long ofBson(long bsonBytes) {
		return bsonBytes * PER_BSON_BYTE;
	}

}
