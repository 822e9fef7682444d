package com.nimbus.incidents.notifier.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses a production notifier must never send to (SSRF): loopback, any-local,
 * link-local (169.254/16 with the cloud metadata endpoints, fe80::/10), private and
 * site-local (10/8, 172.16/12, 192.168/16, fec0::/10, fc00::/7), CGNAT 100.64/10,
 * multicast, and the reserved IPv4 blocks (0/8, 192.0.0/24, 198.18/15, 240/4). An IPv4
 * address inside an IPv6 one (mapped, compatible, NAT64 64:ff9b::/96) is judged as that
 * IPv4 address.
 */
final class LocalAddresses {

	private LocalAddresses() {
	}

	static boolean isLocal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		if (address instanceof Inet4Address) {
			return isReservedV4(address.getAddress());
		}
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true;
			}
			InetAddress embedded = embeddedV4(bytes);
			return embedded != null && isLocal(embedded);
		}
		return false;
	}

	private static boolean isReservedV4(byte[] a) {
		int first = a[0] & 0xff;
		int second = a[1] & 0xff;
		return first == 0 || first >= 240 || (first == 100 && second >= 64 && second <= 127)
				|| (first == 192 && second == 0 && (a[2] & 0xff) == 0)
				|| (first == 198 && (second == 18 || second == 19));
	}

	private static InetAddress embeddedV4(byte[] b) {
		boolean zeroPrefix = true;
		for (int i = 0; i < 10; i++) {
			zeroPrefix &= b[i] == 0;
		}
		boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
		boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
		boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
				&& (b[3] & 0xff) == 0x9b;
		for (int i = 4; nat64 && i < 12; i++) {
			nat64 = b[i] == 0;
		}
		if (!mapped && !compatible && !nat64) {
			return null;
		}
		try {
			return InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
