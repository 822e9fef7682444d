package com.nimbus.incidents.notifier.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The channels' settings ({@code notifier.*}). Every default works on a laptop;
 * production sets {@code notifier.smtp.*} and leaves {@code allow-local-targets} false.
 *
 * @param allowLocalTargets whether webhook and Slack targets may be http and local
 * addresses (the local profile); false refuses them (SSRF)
 * @param consoleUrl the console's base URL, for links in messages
 * @param http the webhook and Slack client's limits
 * @param smtp the SMTP server email goes through
 */
@ConfigurationProperties("notifier")
public record ChannelProperties(@DefaultValue("false") boolean allowLocalTargets,
		@DefaultValue("http://127.0.0.1:8080") String consoleUrl, @DefaultValue Http http, @DefaultValue Smtp smtp) {

	/**
	 * @param connectTimeout time to open the connection
	 * @param deadline an attempt's total time, response body included
	 * @param maxResponseBytes how much of a response body is read before the rest is
	 * cancelled
	 */
	public record Http(@DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration deadline,
			@DefaultValue("8192") int maxResponseBytes) {
	}

	/**
	 * @param host the SMTP server
	 * @param port its port (1025: the usual local mail catcher)
	 * @param from the sender address
	 * @param username for SMTP AUTH; none when blank
	 * @param password for SMTP AUTH
	 * @param starttls whether STARTTLS is required
	 * @param connectTimeout time to connect
	 * @param timeout each read and write
	 * @param deadline one email's total time
	 * @param threads the senders working at once
	 * @param queue emails waiting for a sender before new ones are retried later
	 */
	public record Smtp(@DefaultValue("127.0.0.1") String host, @DefaultValue("1025") int port,
			@DefaultValue("notifier@localhost") String from, String username, String password,
			@DefaultValue("false") boolean starttls, @DefaultValue("3s") Duration connectTimeout,
			@DefaultValue("5s") Duration timeout, @DefaultValue("10s") Duration deadline,
			@DefaultValue("2") int threads, @DefaultValue("1000") int queue) {
	}

}
