package com.nimbus.incidents.notifier.channel;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The targets a subscription may name. WEBHOOK and SLACK: an absolute http(s) URL with a
 * host and no user-info; in production ({@code allowLocalTargets == false}) only https,
 * and never a host that resolves to a local address ({@link LocalAddresses}). In the
 * local profile http and local hosts are allowed. EMAIL: one strictly valid address, no
 * line breaks.
 */
public final class UrlTargetPolicy implements TargetPolicy {

	static final int MAX_LENGTH = 2048;

	private final boolean allowLocalTargets;

	private final HostResolver resolver;

	public UrlTargetPolicy(boolean allowLocalTargets) {
		this(allowLocalTargets, InetAddress::getAllByName);
	}

	UrlTargetPolicy(boolean allowLocalTargets, HostResolver resolver) {
		this.allowLocalTargets = allowLocalTargets;
		this.resolver = resolver;
	}

	@Override
	public Optional<String> refusal(ChannelKind channel, String target) {
		if (channel == null) {
			return Optional.of("the channel is required");
		}
		if (target == null || target.isBlank()) {
			return Optional.of("the target is required");
		}
		if (target.length() > MAX_LENGTH) {
			return Optional.of("the target is longer than " + MAX_LENGTH + " characters");
		}
		if (target.indexOf('\r') >= 0 || target.indexOf('\n') >= 0) {
			return Optional.of("the target contains a line break");
		}
		return switch (channel) {
			case EMAIL -> emailRefusal(target);
			case WEBHOOK, SLACK -> urlRefusal(target);
		};
	}

	/**
	 * The reason a resolved host may not be sent to, checked again at send time against
	 * DNS rebinding; empty when the local profile allows every host.
	 */
	Optional<String> addressRefusal(String host) {
		if (this.allowLocalTargets) {
			return Optional.empty();
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return Optional.of("the target's host does not resolve: " + host);
		}
		for (InetAddress address : addresses) {
			if (LocalAddresses.isLocal(address)) {
				return Optional.of("target resolves to a local address (" + address.getHostAddress() + ")");
			}
		}
		return Optional.empty();
	}

	boolean allowsLocalTargets() {
		return this.allowLocalTargets;
	}

	private Optional<String> urlRefusal(String target) {
		URI uri;
		try {
			uri = new URI(target);
		}
		catch (URISyntaxException ex) {
			return Optional.of("the target is not a URL: " + ex.getMessage());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!uri.isAbsolute() || !("https".equals(scheme) || "http".equals(scheme))) {
			return Optional.of("the target must be an absolute http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			return Optional.of("the target URL has no host");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("the target URL must not carry user-info");
		}
		if (!this.allowLocalTargets && !"https".equals(scheme)) {
			return Optional.of("the target must be an https URL");
		}
		return addressRefusal(uri.getHost());
	}

	private static Optional<String> emailRefusal(String target) {
		try {
			InternetAddress[] addresses = InternetAddress.parse(target, true);
			if (addresses.length != 1) {
				return Optional.of("the target must be exactly one email address");
			}
			addresses[0].validate();
			if (addresses[0].isGroup() || addresses[0].getAddress().indexOf('@') < 1) {
				return Optional.of("the target is not an email address");
			}
			return Optional.empty();
		}
		catch (AddressException ex) {
			return Optional.of("the target is not a valid email address: " + ex.getMessage());
		}
	}

	/**
	 * Host to addresses; {@link InetAddress#getAllByName} outside the tests.
	 */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
