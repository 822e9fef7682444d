package com.nimbus.incidents.localstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2UniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every unique index of a store back in line with its documents, after the store
 * process ended without closing its file.
 * <p>
 * Why: a write touches a collection's documents and each of its indexes, one MVStore map
 * after the other, and a commit, made by another thread at any moment, stores the maps as
 * they are: it may store a document's new version beside an index that does not list it
 * yet (or still lists its old key). The next commit completes it, unless the process dies
 * first; the store then opens with an index that contradicts its documents, and a lookup
 * through it misses a document that is there (seen on a summary replaced at its version
 * through the unique index on {@code _id} and {@code version}: never found again, so
 * never written again). Each document, written in one map operation, is whole; only the
 * indexes need mending: an entry whose document is gone or no longer has that key is
 * removed, a document's key that is missing is added. Costs a pass over every collection,
 * only at a start after an unclean end.
 * <p>
 * Reaches into mongo-java-server's H2 backend by reflection (its collection and index
 * maps are not public); the versions are pinned in the build.
 */
final class UniqueIndexRepair {

	private static final Logger log = LoggerFactory.getLogger(UniqueIndexRepair.class);

	/**
	 * What was mended.
	 *
	 * @param collections the collections looked at
	 * @param removed index entries without their document
	 * @param added documents' keys missing from an index
	 */
	record Result(int collections, int removed, int added) {
	}

	private UniqueIndexRepair() {
	}

	static Result repair(H2Backend backend) {
		Map<String, Set<String>> byDatabase = new LinkedHashMap<>();
		for (String map : backend.getMvStore().getMapNames()) {
			if (map.startsWith(DurableH2Backend.DOCUMENT_MAPS)) {
				String name = map.substring(DurableH2Backend.DOCUMENT_MAPS.length());
				int dot = name.indexOf('.');
				if (dot > 0) {
					byDatabase.computeIfAbsent(name.substring(0, dot), (db) -> new TreeSet<>())
						.add(name.substring(dot + 1));
				}
			}
		}
		int collections = 0;
		int removed = 0;
		int added = 0;
		for (Map.Entry<String, Set<String>> database : byDatabase.entrySet()) {
			for (String name : database.getValue()) {
				MongoCollection<?> collection = resolve(backend, database.getKey(), name);
				if (collection instanceof H2Collection h2) {
					collections++;
					for (Index<Object> index : h2.getIndexes()) {
						if (index instanceof H2UniqueIndex unique) {
							int[] mended = mendOrReport(h2, unique);
							removed += mended[0];
							added += mended[1];
							if (mended[0] + mended[1] > 0) {
								log.warn("Mended the unique index {} of {}.{}: {} entries removed, {} added",
										index.getName(), database.getKey(), name, mended[0], mended[1]);
							}
						}
					}
				}
			}
		}
		return new Result(collections, removed, added);
	}

	private static MongoCollection<?> resolve(H2Backend backend, String database, String name) {
		try {
			return backend.resolveDatabase(database).resolveCollection(name, false);
		}
		catch (RuntimeException ex) {
			log.warn("Could not open {}.{} to mend its indexes: {}", database, name, ex.toString());
			return null;
		}
	}

	/**
	 * Mends one index; a failure is reported and leaves the index as it was, since a
	 * store that does not start at all is worse than one index not mended.
	 */
	private static int[] mendOrReport(H2Collection collection, H2UniqueIndex index) {
		try {
			return mend(collection, index);
		}
		catch (RuntimeException ex) {
			log.error("Could not mend the unique index {} of {}: {}", index.getName(), collection.getCollectionName(),
					ex.toString(), ex);
			return new int[] { 0, 0 };
		}
	}

	/**
	 * @return entries removed, entries added
	 */
	@SuppressWarnings("unchecked")
	private static int[] mend(H2Collection collection, H2UniqueIndex index) {
		List<KeyValue> stale = new ArrayList<>();
		for (Map.Entry<KeyValue, Object> entry : (Iterable<Map.Entry<KeyValue, Object>>) call(index, "getIterable")) {
			Document document = (Document) call(collection, "getDocument", entry.getValue());
			if (document == null || !keys(index, document).contains(entry.getKey())) {
				stale.add(entry.getKey());
			}
		}
		for (KeyValue key : stale) {
			call(index, "removeDocument", key);
		}
		int[] added = { 0 };
		try (Stream<DocumentWithPosition<Object>> documents = (Stream<DocumentWithPosition<Object>>) call(collection,
				"streamAllDocumentsWithPosition")) {
			documents.forEach((document) -> {
				for (KeyValue key : keys(index, document.getDocument())) {
					Object position = call(index, "getPosition", key);
					if (position == null) {
						call(index, "putKeyPosition", key, document.getPosition());
						added[0]++;
					}
					else if (!position.equals(document.getPosition())) {
						log.warn("Two documents of {} have the key {} of the unique index {}: {} and {}",
								collection.getCollectionName(), key, index.getName(), position, document.getPosition());
					}
				}
			});
		}
		return new int[] { stale.size(), added[0] };
	}

	/**
	 * The keys the index holds for a document: none for a sparse index's document that
	 * has none of its fields.
	 */
	private static Set<KeyValue> keys(H2UniqueIndex index, Document document) {
		if (Boolean.TRUE.equals(call(index, "isSparse")) && index.getKeys()
			.stream()
			.map(IndexKey::getKey)
			.allMatch((field) -> Utils.getSubdocumentValue(document, field) instanceof Missing)) {
			return Set.of();
		}
		return index.getKeyValues(document);
	}

	private static Object call(Object target, String name, Object... arguments) {
		Class<?> first = (arguments.length == 0) ? null : arguments[0].getClass();
		Method method = METHODS.computeIfAbsent(
				List.of(target.getClass(), name, arguments.length, (first != null) ? first : Void.class),
				(key) -> find(target.getClass(), name, arguments));
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Looked up once per class, name and argument type: the mending calls them per
	 * document.
	 */
	private static final Map<List<Object>, Method> METHODS = new ConcurrentHashMap<>();

	private static Method find(Class<?> target, String name, Object... arguments) {
		for (Class<?> type = target; type != null; type = type.getSuperclass()) {
			for (Method method : type.getDeclaredMethods()) {
				if (method.getName().equals(name) && method.getParameterCount() == arguments.length
						&& (arguments.length == 0 || method.getParameterTypes()[0].isInstance(arguments[0]))) {
					method.setAccessible(true);
					return method;
				}
			}
		}
		throw new IllegalStateException("No method " + name + " on " + target);
	}

}
