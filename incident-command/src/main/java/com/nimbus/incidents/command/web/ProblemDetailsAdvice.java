package com.nimbus.incidents.command.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.mongodb.MongoException;
import com.nimbus.incidents.command.relay.StoreDivergedException;
import com.nimbus.incidents.command.incident.IncidentRuleViolation;
import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.support.web.ProblemTypes;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail with a stable {@code type}; a client's
 * mistake is never a 500. Field errors name the field and what is allowed.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler(CommandExecutionException.class)
	ResponseEntity<Object> commandFailed(CommandExecutionException ex, WebRequest request) throws Exception {
		Throwable cause = ex.getCause();
		if (cause instanceof Exception domain && cause != ex) {
			return handle(domain, request);
		}
		throw ex;
	}

	private ResponseEntity<Object> handle(Exception ex, WebRequest request) throws Exception {
		if (ex instanceof InvalidCommandInput invalid) {
			return invalidInput(invalid);
		}
		if (ex instanceof IncidentRuleViolation violation) {
			return ruleViolation(violation);
		}
		if (ex instanceof AggregateNotFoundException notFound) {
			return notFound(notFound);
		}
		if (ex instanceof ConflictingAggregateVersionException stale) {
			return staleVersion(stale);
		}
		if (ex instanceof ConcurrencyException concurrent) {
			return concurrentModification(concurrent);
		}
		if (ex instanceof MongoException mongo) {
			return storeUnavailable(mongo);
		}
		if (ex instanceof StoreDivergedException diverged) {
			return storeDiverged(diverged);
		}
		throw ex;
	}

	@ExceptionHandler(InvalidCommandInput.class)
	ResponseEntity<Object> invalidInput(InvalidCommandInput ex) {
		return invalid(ex.getMessage(), List.of(new FieldProblem(ex.field(), ex.getMessage())));
	}

	@ExceptionHandler(IncidentRuleViolation.class)
	ResponseEntity<Object> ruleViolation(IncidentRuleViolation ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "rule-violation", "The incident's state forbids this",
				ex.getMessage());
		problem.setProperty("rule", ex.rule());
		return respond(problem);
	}

	@ExceptionHandler(AggregateNotFoundException.class)
	ResponseEntity<Object> notFound(AggregateNotFoundException ex) {
		return respond(problem(HttpStatus.NOT_FOUND, "incident-not-found", "No such incident",
				"There is no incident " + ex.getAggregateIdentifier()));
	}

	@ExceptionHandler(ConflictingAggregateVersionException.class)
	ResponseEntity<Object> staleVersion(ConflictingAggregateVersionException ex) {
		ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "The incident has changed",
				"If-Match names version " + ex.getExpectedVersion() + " but the incident is at version "
						+ ex.getActualVersion() + "; read it again and retry");
		problem.setProperty("currentVersion", ex.getActualVersion());
		return respond(problem);
	}

	@ExceptionHandler(ConcurrencyException.class)
	ResponseEntity<Object> concurrentModification(ConcurrencyException ex) {
		return respond(problem(HttpStatus.CONFLICT, "concurrent-modification", "Changed by someone else",
				"The incident was changed by another request at the same moment; read it again and retry"));
	}

	@ExceptionHandler(MongoException.class)
	ResponseEntity<Object> storeUnavailable(MongoException ex) {
		log.warn("Event store unavailable: {}", ex.toString());
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
				"The event store is unavailable",
				"The command was not recorded because the event store cannot be reached; retry shortly");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	/**
	 * The event store has lost events that are already published: the incident takes no
	 * writes until an operator has reconciled them (health says so too).
	 */
	@ExceptionHandler(StoreDivergedException.class)
	ResponseEntity<Object> storeDiverged(StoreDivergedException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-diverged",
				"The event store has diverged from the published log", ex.getMessage());
		problem.setProperty("incidentId", ex.aggregateId());
		return respond(problem);
	}

	/**
	 * Anything else: a store that cannot be reached is a 503; the rest a 500 without
	 * internals.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) throws Exception {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoException mongo) {
				return storeUnavailable(mongo);
			}
			if (cause instanceof StoreDivergedException diverged) {
				return storeDiverged(diverged);
			}
			if (cause instanceof InvalidCommandInput || cause instanceof IncidentRuleViolation
					|| cause instanceof AggregateNotFoundException || cause instanceof ConcurrencyException) {
				return handle((Exception) cause, request);
			}
		}
		if (ex instanceof org.springframework.web.ErrorResponse) {
			throw ex;
		}
		log.error("Unexpected failure", ex);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Something went wrong",
				"The request could not be completed; nothing was recorded unless a version was returned. Retry shortly"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Object target = ex.getBindingResult().getTarget();
		List<FieldProblem> problems = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(jsonName(target, error.getField()), describe(error)))
			.sorted(java.util.Comparator.comparing(FieldProblem::field))
			.toList();
		return invalid(problems.stream().map((p) -> p.field() + " " + p.message()).collect(Collectors.joining("; ")),
				problems);
	}

	/**
	 * The field as the client wrote it: a record component may carry another JSON name
	 * ({@code public} is a Java keyword).
	 */
	private static String jsonName(Object target, String path) {
		if (target == null || !target.getClass().isRecord()) {
			return path;
		}
		int end = path.length();
		for (char separator : new char[] { '.', '[' }) {
			int at = path.indexOf(separator);
			if (at >= 0 && at < end) {
				end = at;
			}
		}
		String head = path.substring(0, end);
		for (var component : target.getClass().getRecordComponents()) {
			com.fasterxml.jackson.annotation.JsonProperty renamed = component.getAccessor()
				.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
			if (component.getName().equals(head) && renamed != null && !renamed.value().isEmpty()) {
				return renamed.value() + path.substring(end);
			}
		}
		return path;
	}

	private static String describe(org.springframework.validation.FieldError error) {
		String message = error.getDefaultMessage();
		if (error.getCode() != null && error.getCode().equals("Size") && error.getArguments() != null
				&& error.getArguments().length >= 3) {
			return "size must be at most " + error.getArguments()[1] + " (got "
					+ ((error.getRejectedValue() instanceof CharSequence text) ? text.length() + " characters" : "more")
					+ ")";
		}
		return message;
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		String message = "has a value of the wrong type or format (got " + ex.getValue() + ")"
				+ (java.time.Instant.class.equals(ex.getRequiredType())
						? "; expected an ISO-8601 UTC time such as 2021-12-07T15:30:00Z" : "");
		return invalid(field + " " + message, List.of(new FieldProblem(field, message)));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = jacksonCause(ex);
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = path(unknown);
			String allowed = unknown.getKnownPropertyIds()
				.stream()
				.map(String::valueOf)
				.sorted()
				.collect(Collectors.joining(", "));
			String message = "is not a known field; allowed: " + allowed;
			return invalid(field + " " + message, List.of(new FieldProblem(field, message)));
		}
		if (cause instanceof InvalidFormatException format && format.getTargetType() != null
				&& format.getTargetType().isEnum()) {
			String field = path(format);
			String message = "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
				.map(String::valueOf)
				.collect(Collectors.joining(", ")) + " (got " + format.getValue() + ")";
			return invalid(field + " " + message, List.of(new FieldProblem(field, message)));
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = path(databind);
			String message = "has a value of the wrong type or format" + typeHint(databind);
			return invalid(field + " " + message, List.of(new FieldProblem(field, message)));
		}
		String detail = (cause instanceof JacksonException)
				? "The body is not valid JSON: " + ((JacksonException) cause).getOriginalMessage()
				: "The body is missing or unreadable";
		return invalid(detail, List.of(new FieldProblem("body", detail)));
	}

	/**
	 * The outermost Jackson exception: it knows the field's path, where the root cause (a
	 * date-time parse error, say) does not.
	 */
	private static Throwable jacksonCause(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException) {
				return cause;
			}
		}
		return ex.getMostSpecificCause();
	}

	private static String typeHint(DatabindException ex) {
		String message = ex.getOriginalMessage();
		if (message != null && (message.contains("java.time.Instant") || message.contains("Instant"))) {
			return "; expected an ISO-8601 UTC time such as 2021-12-07T15:30:00Z";
		}
		return "";
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private ResponseEntity<Object> invalid(String detail, List<FieldProblem> problems) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", detail);
		problem.setProperty("errors",
				problems.stream().map((p) -> Map.of("field", p.field(), "message", p.message())).toList());
		return respond(problem);
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemTypes.BASE + type));
		problem.setTitle(title);
		return problem;
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
