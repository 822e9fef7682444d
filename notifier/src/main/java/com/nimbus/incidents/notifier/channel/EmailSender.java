package com.nimbus.incidents.notifier.channel;

import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import com.nimbus.incidents.notifier.channel.ChannelProperties.Smtp;
import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;

/**
 * Email through the configured SMTP server. SMTP is blocking I/O, so it runs on a small
 * bounded pool of its own, with connect, read and write timeouts, and the future
 * completes with RETRY at the deadline even if the server stalls: the engine's threads
 * never wait on it: even parsing the address and composing the message happen on the
 * pool.
 */
public final class EmailSender implements ChannelSender, AutoCloseable {

	private final Smtp smtp;

	private final Session session;

	private final InternetAddress from;

	private final ThreadPoolExecutor workers;

	private final ScheduledExecutorService timer;

	public EmailSender(Smtp smtp) {
		this.smtp = smtp;
		this.session = Session.getInstance(properties(smtp));
		try {
			this.from = new InternetAddress(smtp.from(), true);
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException("notifier.smtp.from is not an email address: " + smtp.from(), ex);
		}
		this.workers = new ThreadPoolExecutor(smtp.threads(), smtp.threads(), 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(smtp.queue()), HttpDelivery.threads("notifier-smtp-"));
		this.timer = Executors.newSingleThreadScheduledExecutor(HttpDelivery.threads("notifier-smtp-deadline-"));
		this.workers.prestartAllCoreThreads();
	}

	@Override
	public ChannelKind channel() {
		return ChannelKind.EMAIL;
	}

	@Override
	public CompletableFuture<DeliveryOutcome> send(OutgoingNotification notification, Destination destination) {
		long started = System.nanoTime();
		CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
		try {
			ScheduledFuture<?> expiry = this.timer.schedule(
					() -> outcome.complete(Outcomes.retry(Outcomes.millisSince(started),
							"timed out after " + this.smtp.deadline().toMillis() + " ms")),
					this.smtp.deadline().toNanos(), TimeUnit.NANOSECONDS);
			outcome.whenComplete((done, failure) -> expiry.cancel(false));
			this.workers.execute(() -> {
				if (!outcome.isDone()) {
					outcome.complete(deliver(notification, destination.target(), started));
				}
			});
		}
		catch (RejectedExecutionException ex) {
			outcome.complete(Outcomes.retry(Outcomes.millisSince(started), "too many emails waiting to be sent"));
		}
		return outcome;
	}

	private DeliveryOutcome deliver(OutgoingNotification notification, String target, long started) {
		InternetAddress to;
		try {
			InternetAddress[] parsed = InternetAddress.parse(target, true);
			if (parsed.length != 1) {
				return Outcomes.rejected(Outcomes.millisSince(started), "the target must be exactly one email address");
			}
			to = parsed[0];
		}
		catch (AddressException ex) {
			return Outcomes.rejected(Outcomes.millisSince(started), "bad address: " + ex.getMessage());
		}
		try {
			MimeMessage message = EmailMessage.compose(this.session, notification, this.from, to);
			try (Transport transport = this.session.getTransport("smtp")) {
				transport.connect(this.smtp.host(), this.smtp.port(), blankToNull(this.smtp.username()),
						blankToNull(this.smtp.password()));
				transport.sendMessage(message, message.getAllRecipients());
				int code = (transport instanceof SMTPTransport smtpTransport) ? smtpTransport.getLastReturnCode() : 0;
				return new DeliveryOutcome(Result.DELIVERED, code, Outcomes.millisSince(started), null);
			}
		}
		catch (MessagingException | RuntimeException ex) {
			return SmtpFailures.outcome(ex, Outcomes.millisSince(started));
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
		this.workers.shutdownNow();
	}

	private static Properties properties(Smtp smtp) {
		Properties properties = new Properties();
		properties.put("mail.transport.protocol", "smtp");
		properties.put("mail.smtp.host", smtp.host());
		properties.put("mail.smtp.port", Integer.toString(smtp.port()));
		properties.put("mail.smtp.connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
		properties.put("mail.smtp.timeout", Long.toString(smtp.timeout().toMillis()));
		properties.put("mail.smtp.writetimeout", Long.toString(smtp.timeout().toMillis()));
		properties.put("mail.smtp.auth", Boolean.toString(smtp.username() != null && !smtp.username().isBlank()));
		if (smtp.starttls()) {
			properties.put("mail.smtp.starttls.enable", "true");
			properties.put("mail.smtp.starttls.required", "true");
			properties.put("mail.smtp.ssl.checkserveridentity", "true");
		}
		return properties;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
