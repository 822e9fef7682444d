package com.nimbus.incidents.localstack;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of mongo-java-server's unique indexes (the {@code _id} index included) in
 * the H2 MVStore, comparing keys exactly as H2's default type does, only faster.
 * <p>
 * The default ({@link ObjectDataType}) compares two {@link KeyValue}s, which are not
 * {@link Comparable}, by Java-serializing both and comparing the bytes, at every step of
 * every B-tree search: measured with JFR under the growth workload, 43% of the store's
 * CPU went to those serializations ({@code H2UniqueIndex.getPosition},
 * {@code putKeyPosition}). This type compares the same bytes, so the order of keys, and
 * so every index file written before, stays valid; the bytes of a key are kept in a small
 * cache by the key's identity (the keys of pages held in memory and the key searched for
 * are the same objects from one comparison to the next), so most comparisons serialize
 * nothing. Reading and writing are H2's, unchanged.
 */
final class IndexKeyType extends ObjectDataType {

	private static final int SLOTS = 4096;

	private final AtomicReferenceArray<Serialized> cache = new AtomicReferenceArray<>(SLOTS);

	@Override
	public int compare(Object a, Object b) {
		if (a instanceof KeyValue && b instanceof KeyValue) {
			if (a == b) {
				return 0;
			}
			return ObjectDataType.compareNotNull(bytes(a), bytes(b));
		}
		return super.compare(a, b);
	}

	/**
	 * The key's Java serialization, from the cache when this very object was serialized
	 * lately. A slot holds the key (weakly) and its bytes together, replaced as one, so a
	 * hit always gives the bytes of that key.
	 */
	byte[] bytes(Object key) {
		int slot = System.identityHashCode(key) & (SLOTS - 1);
		Serialized cached = this.cache.get(slot);
		if (cached != null && cached.get() == key) {
			return cached.bytes;
		}
		byte[] bytes = ObjectDataType.serialize(key);
		this.cache.set(slot, new Serialized(key, bytes));
		return bytes;
	}

	private static final class Serialized extends WeakReference<Object> {

		private final byte[] bytes;

		Serialized(Object key, byte[] bytes) {
			super(key);
			this.bytes = bytes;
		}

	}

}
