package com.nimbus.incidents.notifier.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Notification-Signature} scheme of notifications.md:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, keyed with the UTF-8
 * bytes of the subscription's secret, over the exact bytes sent. Receivers (and tests)
 * verify with {@link #verify}, which compares in constant time and refuses timestamps
 * outside a tolerance (replays).
 */
public final class NotificationSignature {

	private static final String ALGORITHM = "HmacSHA256";

	private NotificationSignature() {
	}

	/**
	 * The header value for a body sent at {@code unixSeconds}.
	 */
	public static String sign(String secret, long unixSeconds, byte[] body) {
		return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
	}

	/**
	 * Whether {@code header} signs {@code body} with {@code secret} and its {@code t} is
	 * within {@code tolerance} of {@code now}.
	 */
	public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
		if (secret == null || header == null || body == null) {
			return false;
		}
		Long timestamp = null;
		byte[] signature = null;
		for (String part : header.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				return false;
			}
			String name = part.substring(0, equals).trim();
			String value = part.substring(equals + 1).trim();
			try {
				if (name.equals("t")) {
					timestamp = Long.parseLong(value);
				}
				else if (name.equals("v1")) {
					signature = HexFormat.of().parseHex(value);
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		if (timestamp == null || signature == null) {
			return false;
		}
		if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
			return false;
		}
		return MessageDigest.isEqual(mac(secret, timestamp, body), signature);
	}

	private static byte[] mac(String secret, long unixSeconds, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

}
