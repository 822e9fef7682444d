package com.nimbus.incidents.localstack;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of mongo-java-server's collections (their documents) in the H2 MVStore:
 * a document is stored as BSON ({@link BsonInPages}) instead of by Java serialization.
 * <p>
 * H2's default type ({@link ObjectDataType}) writes a document, which is not one of its
 * known types, with an {@code ObjectOutputStream} of its own (a new stream, its buffers
 * and handle table for every value) and reads it back with an {@code ObjectInputStream}.
 * Every commit writes each changed page whole, and every page the cache no longer holds
 * is read whole, so that cost is paid for every document of those pages: measured with
 * JFR during the notifications workload, the store allocated 285 MB/s, most of it in
 * those serializations.
 * <p>
 * Anything but a document, and every document written before this type (a store file from
 * an earlier version), is read and written by H2's type unchanged; pages written again
 * hold BSON. A store file written with this type needs it to be read.
 */
final class DocumentValueType extends ObjectDataType {

	/**
	 * The average size of the documents written or read lately, H2's memory estimate of
	 * one (the page cache and page splits count by it).
	 */
	private volatile int averageSize = 256;

	@Override
	public int getMemory(Object value) {
		if (value instanceof Document) {
			// the objects a decoded document is made of take about twice its bytes
			return 2 * this.averageSize;
		}
		return super.getMemory(value);
	}

	@Override
	public void write(WriteBuffer buffer, Object value) {
		if (value instanceof Document document) {
			remember(BsonInPages.write(buffer, BsonInPages.encode(document)));
		}
		else {
			super.write(buffer, value);
		}
	}

	@Override
	public Object read(ByteBuffer buffer) {
		if (!BsonInPages.next(buffer)) {
			return super.read(buffer);
		}
		int start = buffer.position();
		Document document = BsonInPages.read(buffer);
		remember(buffer.position() - start);
		return document;
	}

	private void remember(int length) {
		this.averageSize = (length + 15 * this.averageSize) / 16;
	}

}
