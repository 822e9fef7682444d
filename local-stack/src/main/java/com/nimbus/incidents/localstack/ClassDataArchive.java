package com.nimbus.incidents.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * A service's classes, loaded once and kept (application class-data sharing, JDK's
 * dynamic archive), so that every later start of the service maps them instead of
 * reading, parsing and verifying them again: about 40 % less start-up time and processor
 * (measured on the command service: 10-11 s to 5-7 s), which is what a stack restarting a
 * killed service waits for.
 *
 * <p>
 * The JDK archives only classes loaded from plain jars on the class path, so the
 * service's Spring Boot jar is first extracted (its own {@code jarmode=tools extract})
 * into {@code target/class-data/<stamp>/}, where the stamp names the jar's size and time
 * and the JVM's version: a rebuilt jar or another JDK gets a directory, and an archive,
 * of its own. The first JVM started from a directory without an archive writes one when
 * it stops cleanly ({@code -XX:ArchiveClassesAtExit}, to a name of its own); only then,
 * and only if the file starts as an archive does, is it moved to the name later starts
 * use. A JVM killed while writing leaves nothing a later start reads. Anything that goes
 * wrong here costs only the speed: the service starts from its jar as before.
 */
final class ClassDataArchive {

	/** What a dynamic archive's first four bytes say (little-endian). */
	private static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

	/** Exit codes of a JVM that stopped cleanly: normally, on SIGINT, on SIGTERM. */
	private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

	private static final String ARCHIVE_SUFFIX = ".jsa";

	private final Path jar;

	private final String service;

	private final Consumer<String> report;

	private ClassDataArchive(Path jar, String service, Consumer<String> report) {
		this.jar = jar;
		this.service = service;
		this.report = report;
	}

	/**
	 * How to start the service in {@code jar}: from its extracted form with the archive's
	 * options, or (when extraction fails) from the jar itself without them.
	 */
	static Launch prepare(Path jar, String service, Consumer<String> report) {
		return new ClassDataArchive(jar, service, report).prepare();
	}

	private Launch prepare() {
		try {
			Path directory = extracted();
			Path extractedJar = directory.resolve("app").resolve(this.jar.getFileName());
			Path archive = directory.resolve(this.service + ARCHIVE_SUFFIX);
			if (Files.isRegularFile(archive)) {
				return new Launch(List.of("-XX:SharedArchiveFile=" + archive), extractedJar, Launch.NOTHING);
			}
			removeAbandoned(directory);
			Path written = directory.resolve(this.service + "-" + UUID.randomUUID() + ARCHIVE_SUFFIX + ".tmp");
			return new Launch(List.of("-XX:ArchiveClassesAtExit=" + written, "-Xlog:cds*=off"), extractedJar,
					(exitCode) -> keep(written, archive, exitCode));
		}
		catch (IOException | RuntimeException ex) {
			this.report.accept(this.service + ": starting without a class-data archive (" + ex.getMessage() + ")");
			return new Launch(List.of(), this.jar, Launch.NOTHING);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Launch(List.of(), this.jar, Launch.NOTHING);
		}
	}

	/**
	 * The directory of this jar and JVM, extracted now unless an earlier start did; a
	 * concurrent start extracts to a directory of its own and the first rename wins.
	 */
	private Path extracted() throws IOException, InterruptedException {
		Path root = this.jar.toAbsolutePath().getParent().resolve("class-data");
		Path directory = root.resolve(stamp(this.jar));
		if (Files.isDirectory(directory)) {
			return directory;
		}
		Files.createDirectories(root);
		Path building = root.resolve(directory.getFileName() + "-" + UUID.randomUUID() + ".tmp");
		try {
			extract(building.resolve("app"));
			Files.move(building, directory, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			// a directory already there (not empty) is another start's, which got there
			// first; anything else is a failure
			if (!Files.isDirectory(directory)) {
				throw ex;
			}
		}
		finally {
			delete(building);
		}
		removeOthers(root, directory);
		return directory;
	}

	private void extract(Path destination) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Djarmode=tools", "-jar", this.jar.toString(), "extract", "--destination", destination.toString()));
		// the output goes to a file, so that a tool that hangs is caught by the time
		// limit
		// rather than by a read that never ends
		Path output = destination.resolveSibling("extract.log");
		Files.createDirectories(destination.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException("extracting " + this.jar + " took more than 2 minutes");
			}
			Path extractedJar = destination.resolve(this.jar.getFileName());
			if (process.exitValue() != 0 || !Files.isRegularFile(extractedJar)) {
				throw new IOException("extracting " + this.jar + " failed (exit code " + process.exitValue() + "): "
						+ Files.readString(output).strip());
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/**
	 * Moves an archive written by a JVM that stopped cleanly to where later starts look;
	 * drops it otherwise.
	 */
	private void keep(Path written, Path archive, int exitCode) {
		try {
			if (CLEAN_EXITS.contains(exitCode) && isArchive(written)) {
				Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				this.report.accept(this.service + ": class-data archive written; later starts use it");
			}
		}
		catch (IOException ex) {
			this.report.accept(this.service + ": class-data archive not kept (" + ex.getMessage() + ")");
		}
		finally {
			try {
				Files.deleteIfExists(written);
			}
			catch (IOException ex) {
				// a leftover .tmp is never read
			}
		}
	}

	static boolean isArchive(Path file) throws IOException {
		if (!Files.isRegularFile(file) || Files.size(file) < Integer.BYTES) {
			return false;
		}
		try (InputStream in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(Integer.BYTES);
			return head.length == Integer.BYTES
					&& ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() == DYNAMIC_ARCHIVE_MAGIC;
		}
	}

	/**
	 * The jar's size and modification time and the JVM's version: what makes an
	 * extraction and its archive stale.
	 */
	private static String stamp(Path jar) throws IOException {
		long size = Files.size(jar);
		String identity = size + "-" + Files.getLastModifiedTime(jar).toMillis() + "-"
				+ System.getProperty("java.vm.version") + "-" + System.getProperty("java.home");
		return HexFormat.of().formatHex(ByteBuffer.allocate(Integer.BYTES).putInt(identity.hashCode()).array()) + "-"
				+ size;
	}

	/**
	 * Archives written by JVMs whose launcher ended before it could keep or drop them: a
	 * JVM writes its archive only as it exits, so an hour-old one is nobody's.
	 */
	private void removeAbandoned(Path directory) {
		Instant abandoned = Instant.now().minus(Duration.ofHours(1));
		try (Stream<Path> entries = Files.list(directory)) {
			entries
				.filter((entry) -> entry.getFileName().toString().startsWith(this.service + "-")
						&& entry.getFileName().toString().endsWith(ARCHIVE_SUFFIX + ".tmp"))
				.filter((entry) -> modifiedBefore(entry, abandoned))
				.forEach(ClassDataArchive::delete);
		}
		catch (IOException ex) {
			// a leftover only takes space
		}
	}

	private static boolean modifiedBefore(Path file, Instant instant) {
		try {
			return Files.getLastModifiedTime(file).toInstant().isBefore(instant);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Earlier jars' extractions; a JVM still running from one keeps its open files.
	 */
	private static void removeOthers(Path root, Path keep) {
		try (Stream<Path> entries = Files.list(root)) {
			entries.filter((entry) -> !entry.equals(keep) && !entry.getFileName().toString().endsWith(".tmp"))
				.forEach(ClassDataArchive::delete);
		}
		catch (IOException ex) {
			// stale directories only take space
		}
	}

	private static void delete(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			walk.sorted(Comparator.reverseOrder()).forEach((entry) -> {
				try {
					Files.deleteIfExists(entry);
				}
				catch (IOException ex) {
					// best effort
				}
			});
		}
		catch (IOException ex) {
			// best effort
		}
	}

	/**
	 * JVM options, the jar to run, and what to do with the exit code when the JVM ends.
	 */
	record Launch(List<String> jvmOptions, Path jar, IntConsumer onExit) {

		/** For a launch that leaves no archive to keep. */
		static final IntConsumer NOTHING = (exitCode) -> {
		};

	}

}
