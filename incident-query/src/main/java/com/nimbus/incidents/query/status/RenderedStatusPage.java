package com.nimbus.incidents.query.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * The status page (or its feed) as it is served until the next render: its JSON (or Atom)
 * serialized once, and gzipped once, with a strong entity tag for each (a hash of the
 * bytes; the gzipped form is another representation, so another tag).
 *
 * @param body the bytes served
 * @param epoch the document's epoch this was rendered from
 * @param version the document's version this was rendered from
 * @param day the UTC day it was rendered on (the uptime's last day)
 * @param renderedAt when it was rendered
 * @param moving whether it changes with time alone (an open window)
 */
record RenderedStatusPage(byte[] body, byte[] gzip, String etag, String gzipEtag, String epoch, long version,
		LocalDate day, Instant renderedAt, boolean moving) {

	static RenderedStatusPage of(byte[] body, String epoch, long version, Instant renderedAt, boolean moving) {
		String hash = sha256(body);
		return new RenderedStatusPage(body, gzip(body), "\"" + hash + "\"", "\"" + hash + "-gzip\"", epoch, version,
				Uptime.today(renderedAt), renderedAt, moving);
	}

	/**
	 * Whether this was rendered from that document version.
	 */
	boolean renderedFrom(String otherEpoch, long otherVersion) {
		return Objects.equals(this.epoch, otherEpoch) && this.version == otherVersion;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
