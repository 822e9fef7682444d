package com.nimbus.incidents.localstack;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real JVMs write and map the archive: the jar stands in for a Spring Boot jar (it
 * extracts itself as {@code jarmode=tools extract} does, and otherwise says hello).
 */
class ClassDataArchiveTest {

	@TempDir
	Path dir;

	private final List<String> reports = new ArrayList<>();

	@Test
	void theFirstCleanStopWritesTheArchiveAndLaterStartsMapIt() throws Exception {
		Path jar = bootJar(FakeBootJar.class);

		ClassDataArchive.Launch first = ClassDataArchive.prepare(jar, "svc", this.reports::add);
		assertThat(first.jvmOptions()).anyMatch((option) -> option.startsWith("-XX:ArchiveClassesAtExit="));
		assertThat(first.jar()).isNotEqualTo(jar).hasFileName(jar.getFileName().toString()).isRegularFile();
		Run run = run(first, List.of());
		assertThat(run.output()).contains("hello");
		first.onExit().accept(run.exitCode());

		Path archive = first.jar().getParent().getParent().resolve("svc.jsa");
		assertThat(ClassDataArchive.isArchive(archive)).isTrue();
		assertThat(this.reports).containsExactly("svc: class-data archive written; later starts use it");
		try (var left = Files.list(archive.getParent())) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactlyInAnyOrder("app", "svc.jsa");
		}

		ClassDataArchive.Launch later = ClassDataArchive.prepare(jar, "svc", this.reports::add);
		assertThat(later.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + archive);
		assertThat(later.jar()).isEqualTo(first.jar());
		// -Xshare:on refuses to start unless the archive maps
		Run mapped = run(later, List.of("-Xshare:on", "-Xlog:class+load=info"));
		assertThat(mapped.exitCode()).isZero();
		assertThat(mapped.output()).contains("hello")
			.contains(FakeBootJar.class.getName() + " source: shared objects file (top)");
	}

	@Test
	void aJvmKilledOrFailingLeavesNothingALaterStartReads() throws Exception {
		Path jar = bootJar(FakeBootJar.class);
		ClassDataArchive.Launch first = ClassDataArchive.prepare(jar, "svc", this.reports::add);
		Path written = Path.of(first.jvmOptions().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
		Path archive = first.jar().getParent().getParent().resolve("svc.jsa");

		Files.write(written, new byte[] { (byte) 0xa8, (byte) 0xba, 0x0b, (byte) 0xf0, 1, 2 });
		first.onExit().accept(137);
		assertThat(archive).doesNotExist();
		assertThat(written).doesNotExist();

		Files.writeString(written, "not an archive");
		first.onExit().accept(143);
		assertThat(archive).doesNotExist();
		assertThat(written).doesNotExist();

		// a launcher that died before its JVM's exit leaves the JVM's file behind: gone
		// once it is an hour old, while one being written now stays
		Path abandoned = written.resolveSibling("svc-abandoned.jsa.tmp");
		Path beingWritten = written.resolveSibling("svc-now.jsa.tmp");
		Files.writeString(abandoned, "left");
		Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
		Files.writeString(beingWritten, "writing");

		assertThat(ClassDataArchive.prepare(jar, "svc", this.reports::add).jvmOptions())
			.anyMatch((option) -> option.startsWith("-XX:ArchiveClassesAtExit="));
		assertThat(abandoned).doesNotExist();
		assertThat(beingWritten).exists();
		assertThat(this.reports).isEmpty();
	}

	@Test
	void launchersStartingAtOnceShareOneExtraction() throws Exception {
		Path jar = bootJar(FakeBootJar.class);
		ExecutorService starts = Executors.newFixedThreadPool(4);
		try {
			List<Future<ClassDataArchive.Launch>> launches = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				launches.add(starts.submit(() -> ClassDataArchive.prepare(jar, "svc", this.reports::add)));
			}
			Set<Path> jars = new HashSet<>();
			for (Future<ClassDataArchive.Launch> launch : launches) {
				jars.add(launch.get(2, TimeUnit.MINUTES).jar());
			}
			assertThat(jars).singleElement().satisfies((extracted) -> assertThat(extracted).isRegularFile());
			assertThat(jars.iterator().next()).isNotEqualTo(jar);
		}
		finally {
			starts.shutdownNow();
		}
		try (var left = Files.list(this.dir.resolve("class-data"))) {
			assertThat(left).as("one extraction, no half-built one left").hasSize(1);
		}
		assertThat(this.reports).isEmpty();
	}

	@Test
	void aRebuiltJarIsExtractedAgainAndTheOldExtractionRemoved() throws Exception {
		Path jar = bootJar(FakeBootJar.class);
		Path before = ClassDataArchive.prepare(jar, "svc", this.reports::add).jar().getParent().getParent();

		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
		Path after = ClassDataArchive.prepare(jar, "svc", this.reports::add).jar().getParent().getParent();

		assertThat(after).isNotEqualTo(before).isDirectory();
		assertThat(before).doesNotExist();
	}

	@Test
	void aJarThatCannotBeExtractedStartsAsBeforeWithoutAnArchive() throws Exception {
		Path jar = bootJar(NotABootJar.class);

		ClassDataArchive.Launch launch = ClassDataArchive.prepare(jar, "svc", this.reports::add);

		assertThat(launch.jar()).isEqualTo(jar);
		assertThat(launch.jvmOptions()).isEmpty();
		assertThat(this.reports).singleElement()
			.asString()
			.startsWith("svc: starting without a class-data archive (extracting " + jar + " failed (exit code 2)")
			.contains("no tools here");
		try (var left = Files.list(this.dir.resolve("class-data"))) {
			assertThat(left).as("nothing half-extracted is left").isEmpty();
		}
	}

	private Path bootJar(Class<?> main) throws Exception {
		Path jar = this.dir.resolve("svc-1.0.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			String entry = main.getName().replace('.', '/') + ".class";
			out.putNextEntry(new JarEntry(entry));
			try (InputStream in = main.getClassLoader().getResourceAsStream(entry)) {
				in.transferTo(out);
			}
			out.closeEntry();
		}
		return jar;
	}

	private static Run run(ClassDataArchive.Launch launch, List<String> extra) throws Exception {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
		command.addAll(launch.jvmOptions());
		command.addAll(extra);
		command.addAll(List.of("-jar", launch.jar().toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	record Run(int exitCode, String output) {
	}

	/**
	 * {@code extract --destination D} copies this jar to D, as Spring Boot's tools do
	 * with the application's own jar; anything else says hello.
	 */
	public static final class FakeBootJar {

		public static void main(String[] args) throws Exception {
			if (args.length == 3 && args[0].equals("extract") && "tools".equals(System.getProperty("jarmode"))) {
				Path self = Path.of(FakeBootJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
				Path destination = Path.of(args[2]);
				Files.createDirectories(destination);
				Files.copy(self, destination.resolve(self.getFileName()));
				return;
			}
			try (OutputStream out = System.out) {
				out.write("hello\n".getBytes(StandardCharsets.UTF_8));
			}
		}

	}

	/** A jar without Spring Boot's tools: extraction fails. */
	public static final class NotABootJar {

		public static void main(String[] args) {
			System.out.println("no tools here");
			System.exit(2);
		}

	}

}
