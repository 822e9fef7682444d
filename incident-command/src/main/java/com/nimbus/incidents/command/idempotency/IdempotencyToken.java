package com.nimbus.incidents.command.idempotency;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Carries the token of the request's {@code Idempotency-Key} reservation onto the
 * command's metadata, from where Axon copies it onto every event the command applies (see
 * {@link IdempotencyConfiguration}). The events then say which request appended them, so
 * a retry can find its outcome in the event store when it was never recorded.
 */
final class IdempotencyToken implements MessageDispatchInterceptor<CommandMessage<?>> {

	/** The event (and command) metadata entry. */
	static final String METADATA = "idempotencyToken";

	/** The request attribute the filter sets for the controller's dispatch. */
	static final String ATTRIBUTE = IdempotencyToken.class.getName();

	@Override
	public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
			List<? extends CommandMessage<?>> messages) {
		return (index, command) -> {
			RequestAttributes request = RequestContextHolder.getRequestAttributes();
			Object token = (request != null) ? request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) : null;
			return (token != null) ? command.andMetaData(Map.of(METADATA, token)) : command;
		};
	}

}
