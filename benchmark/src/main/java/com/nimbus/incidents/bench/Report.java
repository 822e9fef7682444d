package com.nimbus.incidents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The figures of one run, by dotted path ({@code commands.p99Ms}), with the targets they
 * are held against; written as JSON and printed as a table.
 */
final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final ObjectNode root = JSON.createObjectNode();

	private final List<String> table = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	/**
	 * How a figure is held against its limit.
	 */
	enum Kind {

		AT_LEAST, UNDER, EXACTLY

	}

	record Target(String figure, String goal, double value, double limit, Kind kind) {

		boolean met() {
			return switch (this.kind) {
				case AT_LEAST -> this.value >= this.limit;
				case UNDER -> this.value < this.limit;
				case EXACTLY -> this.value == this.limit;
			};
		}

	}

	ObjectNode section(String path) {
		ObjectNode node = this.root;
		for (String part : path.split("\\.")) {
			node = (node.get(part) instanceof ObjectNode child) ? child : node.putObject(part);
		}
		return node;
	}

	/**
	 * A figure, in the JSON and in the table.
	 */
	void figure(String path, double value, String unit) {
		int dot = path.lastIndexOf('.');
		section(path.substring(0, dot)).put(path.substring(dot + 1), Stats.round1(value));
		this.table.add(String.format("  %-34s %14s %s", path, String.format("%,.1f", value), unit));
	}

	void text(String path, String value) {
		int dot = path.lastIndexOf('.');
		section(path.substring(0, dot)).put(path.substring(dot + 1), value);
	}

	void number(String path, long value) {
		int dot = path.lastIndexOf('.');
		section(path.substring(0, dot)).put(path.substring(dot + 1), value);
	}

	/**
	 * A target: {@code value} must be at least (or under) {@code limit}.
	 */
	void target(String figure, String goal, double value, double limit, boolean atLeast) {
		target(figure, goal, value, limit, atLeast ? Kind.AT_LEAST : Kind.UNDER);
	}

	/**
	 * A target: {@code value} must be at least, under, or exactly {@code limit}.
	 */
	void target(String figure, String goal, double value, double limit, Kind kind) {
		if (Double.isNaN(value)) {
			// the figure was not measured (its workload failed or did not run)
			return;
		}
		Target target = new Target(figure, goal, value, limit, kind);
		this.targets.add(target);
		ObjectNode node = this.root.withArray("targets").addObject();
		node.put("figure", figure);
		node.put("goal", goal);
		node.put("value", Stats.round1(value));
		node.put("met", target.met());
	}

	void write(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, JSON.writeValueAsString(this.root));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String table() {
		StringBuilder out = new StringBuilder();
		out.append("Figures (each a median of the measured rounds)\n");
		this.table.forEach((line) -> out.append(line).append('\n'));
		out.append("\nTargets\n");
		for (Target target : this.targets) {
			out.append(String.format("  %-4s %-30s %-44s %,.1f%n", target.met() ? "met" : "MISS", target.figure(),
					target.goal(), target.value()));
		}
		return out.toString();
	}

}
