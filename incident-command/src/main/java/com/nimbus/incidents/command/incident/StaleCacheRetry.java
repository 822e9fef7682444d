package com.nimbus.incidents.command.incident;

import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Sends a command on an incident and waits for it, sending it again (at most
 * {@value #ATTEMPTS} times in all) when its events found their sequence numbers taken:
 * another command instance wrote to the incident after this one cached it. The failed
 * attempt stored nothing and Axon dropped the cached incident when it rolled back, so the
 * next attempt reads the incident as it is now and decides again. A stale
 * {@code If-Match} is no such conflict ({@code ConflictingAggregateVersionException}) and
 * is never retried.
 */
final class StaleCacheRetry {

	static final int ATTEMPTS = 3;

	private static final long TIMEOUT_SECONDS = 30;

	private StaleCacheRetry() {
	}

	/**
	 * @return the command handler's result
	 * @throws RuntimeException what the last attempt threw, as the gateway threw it
	 */
	static Object sendAndWait(CommandGateway commands, Object command) {
		for (int attempt = 1;; attempt++) {
			try {
				return commands.sendAndWait(command, TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
			catch (RuntimeException ex) {
				if (attempt >= ATTEMPTS || !(cause(ex) instanceof ConcurrencyException)) {
					throw ex;
				}
			}
		}
	}

	private static Throwable cause(RuntimeException ex) {
		return (ex instanceof CommandExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

}
