package com.nimbus.incidents.notifier.channel;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import com.nimbus.incidents.notifier.channel.DeliveryOutcome.Result;

/**
 * An SMTP failure as an outcome: a permanent (5xx) refusal of the message or recipient is
 * REJECTED (the engine still retries it, but reports it as refused); everything else
 * (connection, timeout, 4xx, authentication) is RETRY.
 */
final class SmtpFailures {

	private SmtpFailures() {
	}

	static DeliveryOutcome outcome(Exception failure, long latencyMillis) {
		int code = replyCode(failure);
		String error = "SMTP " + ((code > 0) ? code + " " : "") + HttpAttempt.describe(failure) + rootCause(failure);
		Result result = (code >= 500 && code < 600) ? Result.REJECTED : Result.RETRY;
		return new DeliveryOutcome(result, Math.max(code, 0), latencyMillis, error.replaceAll("[\\r\\n]+", " "));
	}

	private static String rootCause(Exception failure) {
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 8; depth++) {
			root = root.getCause();
		}
		return (root == failure) ? "" : " (" + HttpAttempt.describe(root) + ")";
	}

	private static int replyCode(Exception failure) {
		Exception current = failure;
		for (int depth = 0; current != null && depth < 8; depth++) {
			if (current instanceof SMTPAddressFailedException address) {
				return address.getReturnCode();
			}
			if (current instanceof SMTPSendFailedException send) {
				int code = send.getReturnCode();
				Exception next = send.getNextException();
				int inner = (next != null && next != send) ? replyCode(next) : 0;
				return (inner > 0) ? inner : code;
			}
			current = (current instanceof MessagingException messaging) ? messaging.getNextException() : null;
		}
		return 0;
	}

}
