package com.nimbus.incidents.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogExcerptTest {

	@TempDir
	Path dir;

	@Test
	void keepsTheLastWarningsErrorsAndForeignLinesOldestFirst() throws Exception {
		Path log = this.dir.resolve("query.log");
		List<String> lines = new ArrayList<>();
		lines.add("{\"log\":{\"level\":\"WARN\"},\"message\":\"old warning\"}");
		lines.add("{\"log\":{\"level\":\"INFO\"},\"message\":\"started\"}");
		lines.add("{\"log\":{\"level\":\"ERROR\"},\"message\":\"Port 4000 was already in use\"}");
		lines.add("\tat org.springframework.boot.web.server.PortInUseException");
		lines.add("");
		lines.add("{\"log\":{\"level\":\"INFO\"},\"message\":\"stopping\"}");
		Files.write(log, lines);

		assertThat(LogExcerpt.problems(log, 2)).containsExactly(
				"{\"log\":{\"level\":\"ERROR\"},\"message\":\"Port 4000 was already in use\"}",
				"\tat org.springframework.boot.web.server.PortInUseException");
		assertThat(LogExcerpt.describe(log, 5)).startsWith("last warnings and errors in " + log)
			.contains("old warning")
			.doesNotContain("started");
	}

	@Test
	void cutsLongLinesAndReadsOnlyTheEndOfALongLog() throws Exception {
		Path log = this.dir.resolve("long.log");
		StringBuilder text = new StringBuilder();
		text.append("{\"log\":{\"level\":\"ERROR\"},\"message\":\"far back\"}\n");
		String info = "{\"log\":{\"level\":\"INFO\"},\"message\":\"" + "x".repeat(1000) + "\"}\n";
		text.append(info.repeat(400));
		text.append("{\"log\":{\"level\":\"WARN\"},\"message\":\"" + "y".repeat(1000) + "\"}\n");
		Files.writeString(log, text);

		List<String> problems = LogExcerpt.problems(log, 10);
		assertThat(problems).hasSize(1);
		assertThat(problems.get(0)).hasSize(LogExcerpt.LINE_CHARS + 3).endsWith("yyy...");
	}

	@Test
	void aMissingLogHasNoProblemsToTell() {
		Path log = this.dir.resolve("absent.log");
		assertThat(LogExcerpt.problems(log, 3)).isEmpty();
		assertThat(LogExcerpt.describe(log, 3)).isEqualTo("no warning or error in " + log);
	}

}
