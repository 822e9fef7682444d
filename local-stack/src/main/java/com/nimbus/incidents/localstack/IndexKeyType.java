package com.nimbus.incidents.localstack;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.WriteBuffer;
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
 * are the same objects from one comparison to the next).
 * <p>
 * Keys of plain values (strings, numbers, object ids: every key our services make) are
 * compared from their values, in that same order, and written behind a tag of their own
 * instead of with a new {@code ObjectOutputStream} each ({@link PlainIndexKeys}): under a
 * stream of notes the Java serialization of index keys, to compare, write and read pages,
 * took a quarter of the store's processor and a third of what it allocated (JFR, the
 * notifications workload). A key written before is read as before: the tag tells which.
 */
final class IndexKeyType extends ObjectDataType {

	/** A tag that H2's type never writes (it uses 0-14, 19, 32-49 and 64-119). */
	static final byte PLAIN_KEY = 121;

	private static final int SLOTS = 4096;

	private final AtomicReferenceArray<Serialized> cache = new AtomicReferenceArray<>(SLOTS);

	@Override
	public int compare(Object a, Object b) {
		if (a instanceof KeyValue && b instanceof KeyValue) {
			if (a == b) {
				return 0;
			}
			int plain = PlainIndexKeys.compare((KeyValue) a, (KeyValue) b);
			if (plain != PlainIndexKeys.NOT_PLAIN) {
				return plain;
			}
			return ObjectDataType.compareNotNull(bytes(a), bytes(b));
		}
		return super.compare(a, b);
	}

	@Override
	public void write(WriteBuffer buff, Object obj) {
		if (obj instanceof KeyValue key && PlainIndexKeys.storable(key)) {
			buff.put(PLAIN_KEY);
			PlainIndexKeys.write(buff, key);
			return;
		}
		super.write(buff, obj);
	}

	@Override
	public Object read(ByteBuffer buff) {
		if (buff.get(buff.position()) != PLAIN_KEY) {
			return super.read(buff);
		}
		buff.get();
		return PlainIndexKeys.read(buff);
	}

	@Override
	public int getMemory(Object obj) {
		if (obj instanceof KeyValue key && PlainIndexKeys.storable(key)) {
			return PlainIndexKeys.memory(key);
		}
		return super.getMemory(obj);
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
