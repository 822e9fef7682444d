package com.nimbus.incidents.localstack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;

/**
 * A document in an MVStore page as BSON, the form it travels in on the wire: a tag byte
 * ({@link #TAG}, which H2's {@code ObjectDataType} never writes; its tags stop at 119)
 * followed by the BSON bytes, whose first four are their length. Used by the store's
 * value and key types ({@link DocumentValueType}, {@link IndexKeyType}) in place of H2's
 * Java serialization.
 */
final class BsonInPages {

	/** The first byte of a value written as BSON. */
	static final byte TAG = 127;

	/** Each thread's encoding buffer, kept between writes (a commit writes many). */
	private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

	/** A buffer grown past this is let go after use instead of being kept. */
	private static final int KEPT_CAPACITY = 1 << 20;

	private BsonInPages() {
	}

	/**
	 * The document's BSON, in a buffer of this thread that the next call reuses.
	 * @throws RuntimeException when a value has no BSON form
	 */
	static ByteBuf encode(Map<String, ?> document) {
		ByteBuf bson = BUFFERS.get();
		if (bson.capacity() > KEPT_CAPACITY) {
			BUFFERS.remove();
			bson = BUFFERS.get();
		}
		bson.clear();
		BsonEncoder.encodeDocument(document, bson);
		return bson;
	}

	/**
	 * Writes the tag and the encoded bytes.
	 * @return how many bytes of BSON were written
	 */
	static int write(WriteBuffer buffer, ByteBuf bson) {
		int length = bson.readableBytes();
		buffer.put(TAG);
		buffer.put(bson.nioBuffer());
		return length;
	}

	static Document decode(ByteBuf bson) {
		return BsonDecoder.decodeBson(bson.duplicate());
	}

	/** Whether the next value in the buffer was written here. */
	static boolean next(ByteBuffer buffer) {
		return buffer.get(buffer.position()) == TAG;
	}

	/**
	 * Reads the document at the buffer's position (after {@link #next} said it is one)
	 * and moves past it.
	 */
	static Document read(ByteBuffer buffer) {
		buffer.get();
		int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
		ByteBuffer slice = buffer.slice();
		slice.limit(length);
		Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
		buffer.position(buffer.position() + length);
		return document;
	}

}
