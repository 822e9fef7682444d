package com.nimbus.incidents.localstack;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded store's collections (the documents) in the H2 MVStore: a
 * document is stored as BSON, behind a tag of its own, instead of H2's default, Java
 * serialization.
 * <p>
 * Why: the MVStore writes a changed page whole at every commit, each of its documents
 * again, and its default type writes each document with a new {@code ObjectOutputStream}:
 * the class descriptions of the document, its map and every value type, then the values,
 * all as garbage. Measured on the stack under a stream of notes (per-thread processor
 * time from {@code /proc}), the store's serialization thread and its collector took a
 * third of the store's processor; BSON is the store's own wire format, written and read
 * by the same library that answers every command.
 * <p>
 * Only a document whose every value BSON gives back as the very same Java value is
 * written so (strings, numbers of each width, booleans, nulls, instants of whole
 * milliseconds, object ids, decimals, binary data, UUIDs, timestamps, min and max keys,
 * documents and lists of these; a list comes back as an {@code ArrayList}, equal to it);
 * any other value is written as before, and every value written before (an older store
 * file) is read as before: the tag tells which.
 */
final class DocumentValueType extends ObjectDataType {

	/** A tag that H2's type never writes (it uses 0-14, 19, 32-49 and 64-119). */
	static final byte BSON_DOCUMENT = 120;

	/** The largest buffer a thread keeps between documents; a larger one is let go. */
	private static final int KEPT_BUFFER = 64 * 1024;

	private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(1024));

	/**
	 * The memory a document is taken to hold, from the sizes lately written and read: as
	 * H2's own type estimates serialized objects (a moving average), here four times the
	 * BSON's size (a document in memory is a linked map of boxed values and strings).
	 */
	private volatile int averageMemory = 1024;

	@Override
	public int getMemory(Object obj) {
		if (obj instanceof Document) {
			return this.averageMemory;
		}
		return super.getMemory(obj);
	}

	@Override
	public void write(WriteBuffer buff, Object obj) {
		if (!(obj instanceof Document document) || !storableAsBson(document)) {
			super.write(buff, obj);
			return;
		}
		ByteBuf bson = BUFFERS.get();
		bson.clear();
		try {
			BsonEncoder.encodeDocument(document, bson);
		}
		catch (RuntimeException ex) {
			// a value BSON cannot hold (an instant beyond its range of milliseconds)
			super.write(buff, obj);
			return;
		}
		finally {
			if (bson.capacity() > KEPT_BUFFER) {
				BUFFERS.remove();
			}
		}
		int length = bson.readableBytes();
		buff.put(BSON_DOCUMENT).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
		learn(length);
	}

	@Override
	public Object read(ByteBuffer buff) {
		if (buff.get(buff.position()) != BSON_DOCUMENT) {
			return super.read(buff);
		}
		buff.get();
		ByteBuf bson = Unpooled.wrappedBuffer(buff.slice());
		Document document = BsonDecoder.decodeBson(bson);
		buff.position(buff.position() + bson.readerIndex());
		learn(bson.readerIndex());
		return document;
	}

	private void learn(int bsonLength) {
		this.averageMemory = (int) ((4L * bsonLength + 15L * this.averageMemory) / 16);
	}

	/** Whether BSON gives back every value of this document as it is. */
	static boolean storableAsBson(Document document) {
		if (document.getClass() != Document.class) {
			return false;
		}
		for (Map.Entry<String, Object> entry : document.entrySet()) {
			if (entry.getKey() == null || entry.getKey().indexOf('\0') >= 0 || !storableAsBson(entry.getValue())) {
				return false;
			}
		}
		return true;
	}

	private static boolean storableAsBson(Object value) {
		if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
				|| value instanceof Double || value instanceof Boolean || value instanceof ObjectId
				|| value instanceof Decimal128 || value instanceof BinData || value instanceof UUID
				|| value instanceof LegacyUUID || value instanceof BsonTimestamp || value instanceof MaxKey
				|| value instanceof MinKey) {
			return true;
		}
		if (value instanceof Instant instant) {
			// BSON keeps milliseconds
			return instant.getNano() % 1_000_000 == 0;
		}
		if (value instanceof Document document) {
			return storableAsBson(document);
		}
		if (value instanceof List<?> list) {
			// read back as an ArrayList, equal to the list written
			for (Object element : list) {
				if (!storableAsBson(element)) {
					return false;
				}
			}
			return true;
		}
		return false;
	}

}
