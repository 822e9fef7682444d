package com.nimbus.incidents.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * Reading the APIs' answers in a test: several fields at once, a timeline's entries of
 * one type, and polling until an answer shows what is awaited (never sleeping).
 */
final class Reads {

	private Reads() {
	}

	/**
	 * The values at these (dotted) paths, joined by spaces: {@code null} for an absent or
	 * null one, JSON for an array or object.
	 */
	static String fields(JsonNode node, String... paths) {
		List<String> values = new ArrayList<>();
		for (String path : paths) {
			JsonNode value = node;
			for (String name : path.split("\\.")) {
				value = (value != null) ? value.get(name) : null;
			}
			values.add((value == null || value.isNull()) ? "null"
					: value.isContainer() ? value.toString() : value.asString());
		}
		return String.join(" ", values);
	}

	/**
	 * A timeline's entries of one event type, in the timeline's order.
	 */
	static List<JsonNode> entries(JsonNode timeline, String type) {
		List<JsonNode> entries = new ArrayList<>();
		timeline.get("entries").forEach((entry) -> {
			if (entry.get("type").asString().equals(type)) {
				entries.add(entry);
			}
		});
		return entries;
	}

	/**
	 * Reads until {@code done} holds of the answer (a failing read counts as not yet);
	 * when it does not within {@code atMost}, fails naming what was awaited, with the
	 * last answer and {@code diagnosis}.
	 */
	static JsonNode until(String what, Duration atMost, Callable<JsonNode> read, Predicate<JsonNode> done,
			Supplier<String> diagnosis) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		try {
			Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
				last.set(read.call());
				return done.test(last.get());
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"Not within " + atMost + ": " + what + "; last answer: " + last.get() + "\n" + diagnosis.get(), ex);
		}
		return last.get();
	}

}
