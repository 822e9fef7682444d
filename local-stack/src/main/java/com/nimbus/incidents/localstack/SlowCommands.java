package com.nimbus.incidents.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's slow-command log, as MongoDB's: a command that took longer than
 * {@code nimbus.store.slow-ms} (100 ms by default) is logged with its collection, the
 * keys of its filter (never the values) and where its time went: waiting for the
 * collection and running, then waiting for the group commit.
 */
final class SlowCommands {

	private static final Logger log = LoggerFactory.getLogger(SlowCommands.class);

	private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("nimbus.store.slow-ms", 100));

	private SlowCommands() {
	}

	static void report(String command, Document query, long started, long applied, long answered) {
		if (answered - started < SLOW_NANOS) {
			return;
		}
		log.warn("Slow {} on {}: {} ms ({} ms applying, {} ms committing), filter keys {}", command, query.get(command),
				TimeUnit.NANOSECONDS.toMillis(answered - started), TimeUnit.NANOSECONDS.toMillis(applied - started),
				TimeUnit.NANOSECONDS.toMillis(answered - applied), filterKeys(query));
	}

	/**
	 * Logs a group commit that took longer than the slow threshold, with the writes it
	 * covered.
	 */
	static void reportCommit(long writes, long started, long ended) {
		if (ended - started >= SLOW_NANOS) {
			log.warn("Slow group commit: {} ms for {} writes", TimeUnit.NANOSECONDS.toMillis(ended - started), writes);
		}
	}

	private static List<String> filterKeys(Document query) {
		List<String> keys = new ArrayList<>();
		addKeys(keys, query.get("filter"));
		addKeys(keys, query.get("q"));
		Object updates = query.get("updates");
		if (updates instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Document first) {
			addKeys(keys, first.get("q"));
		}
		return keys;
	}

	private static void addKeys(List<String> keys, Object filter) {
		if (filter instanceof Document document) {
			keys.addAll(document.keySet());
		}
	}

}
