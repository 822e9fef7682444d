package com.nimbus.incidents.query.limits;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.function.Predicate;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoIterable;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Decoder;

import org.springframework.stereotype.Component;

/**
 * The service's read budget ({@code limits.read-bytes}, {@code limits.request-bytes}),
 * charged by every read that decodes documents from the store: the request's lease (bound
 * to its thread by {@link ReadBudgetFilter}) is charged the estimated heap of each
 * document as it is decoded, and gives it all back when the request ends. Documents are
 * read as {@link RawBsonDocument} so that their size is known before they are decoded.
 * Outside a request (no lease bound) nothing is counted.
 */
@Component
public class ReadBudget {

	/**
	 * Documents per store round trip of a streamed read, and how many of them are counted
	 * as held at once: the driver keeps one batch, the fold the document in hand.
	 */
	static final int STREAM_BATCH = 100;

	private static final Decoder<Document> DOCUMENTS = MongoClientSettings.getDefaultCodecRegistry()
		.get(Document.class);

	private final ByteBudget budget;

	private final ThreadLocal<ByteBudget.Lease> current = new ThreadLocal<>();

	ReadBudget(LimitsProperties limits) {
		this.budget = new ByteBudget(limits.readBytes().toBytes(), limits.requestBytes().toBytes(), limits.readWait());
	}

	/**
	 * The collection read as raw BSON, for {@link #keep} and {@link #stream}.
	 */
	public static MongoCollection<RawBsonDocument> raw(MongoCollection<Document> collection) {
		return collection.withDocumentClass(RawBsonDocument.class);
	}

	public static long bsonBytes(RawBsonDocument document) {
		return document.getByteBuffer().remaining();
	}

	/**
	 * Decodes a document the request keeps until it answers, charging its estimated heap
	 * to the request until then.
	 * @throws TooCostly if the request would hold more than one request may
	 * @throws Busy if other requests hold the budget
	 */
	public Document keep(RawBsonDocument document) {
		charge(HeapEstimate.ofBson(bsonBytes(document)));
		return decode(document);
	}

	/**
	 * Decodes every document into {@code into}, each {@linkplain #keep kept} until the
	 * request answers; the cursor is closed even when the budget refuses one midway.
	 * @return the BSON bytes read
	 */
	public long keepAll(MongoIterable<RawBsonDocument> documents, Collection<? super Document> into) {
		long bsonBytes = 0;
		try (MongoCursor<RawBsonDocument> cursor = documents.iterator()) {
			while (cursor.hasNext()) {
				RawBsonDocument document = cursor.next();
				bsonBytes += bsonBytes(document);
				into.add(keep(document));
			}
		}
		return bsonBytes;
	}

	/**
	 * Reads documents one batch at a time, passing each to {@code fold} as it is decoded.
	 * A document {@code fold} keeps (answers {@code true}) stays charged until the
	 * request ends; one it drops is given back once it is a batch behind. The request
	 * then holds about a batch plus what its answer keeps, however many documents it
	 * reads.
	 */
	public void stream(FindIterable<RawBsonDocument> documents, Predicate<Document> fold) {
		ByteBudget.Lease lease = this.current.get();
		ArrayDeque<Long> recent = new ArrayDeque<>();
		try (MongoCursor<RawBsonDocument> cursor = documents.batchSize(STREAM_BATCH).iterator()) {
			while (cursor.hasNext()) {
				RawBsonDocument document = cursor.next();
				long bytes = HeapEstimate.ofBson(bsonBytes(document));
				if (lease != null) {
					lease.acquire(bytes);
				}
				if (!fold.test(decode(document))) {
					recent.addLast(bytes);
					if (recent.size() > STREAM_BATCH && lease != null) {
						lease.release(recent.removeFirst());
					}
				}
			}
		}
		finally {
			if (lease != null) {
				recent.forEach(lease::release);
			}
		}
	}

	/**
	 * Charges {@code bytes} of heap to the current request.
	 */
	public void charge(long bytes) {
		ByteBudget.Lease lease = this.current.get();
		if (lease != null) {
			lease.acquire(bytes);
		}
	}

	/**
	 * Gives back {@code bytes} charged to the current request, for what it has let go: a
	 * chunk of a long log once folded.
	 */
	public void release(long bytes) {
		ByteBudget.Lease lease = this.current.get();
		if (lease != null) {
			lease.release(bytes);
		}
	}

	ByteBudget.Lease begin() {
		ByteBudget.Lease lease = this.budget.open();
		this.current.set(lease);
		return lease;
	}

	void end(ByteBudget.Lease lease) {
		this.current.remove();
		lease.close();
	}

	/**
	 * The budget, to be read by metrics and tests.
	 */
	public ByteBudget budget() {
		return this.budget;
	}

	private static Document decode(RawBsonDocument document) {
		return document.decode(DOCUMENTS);
	}

}
