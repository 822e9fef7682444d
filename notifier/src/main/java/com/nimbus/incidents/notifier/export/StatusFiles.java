package com.nimbus.incidents.notifier.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the exported files so that a reader (a web server, a bucket sync) only ever sees
 * a whole file: each is written to a temporary file in the same directory, forced to
 * disk, then renamed over the old one (an atomic rename on one file system).
 */
final class StatusFiles {

	private final Path dir;

	StatusFiles(Path dir) {
		this.dir = dir;
	}

	Path dir() {
		return this.dir;
	}

	void write(String name, byte[] content) {
		try {
			Files.createDirectories(this.dir);
			Path target = this.dir.resolve(name);
			Path temporary = Files.createTempFile(this.dir, "." + name + ".", ".tmp");
			try {
				try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
						StandardOpenOption.TRUNCATE_EXISTING)) {
					ByteBuffer buffer = ByteBuffer.wrap(content);
					while (buffer.hasRemaining()) {
						channel.write(buffer);
					}
					channel.force(true);
				}
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + name + " into " + this.dir, ex);
		}
	}

}
