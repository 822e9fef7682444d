package com.nimbus.incidents.query.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoException;
import com.nimbus.incidents.query.contract.CustomerNotFound;
import com.nimbus.incidents.query.incident.IncidentNotFound;
import com.nimbus.incidents.query.incident.InvalidQuery;
import com.nimbus.incidents.query.limits.Busy;
import com.nimbus.incidents.query.limits.TooCostly;
import com.nimbus.incidents.support.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail with a stable {@code type}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(IncidentNotFound.class)
	ResponseEntity<ProblemDetail> notFound(IncidentNotFound ex) {
		return respond(problem(HttpStatus.NOT_FOUND, "incident-not-found", "No such incident", ex.getMessage()));
	}

	@ExceptionHandler(CustomerNotFound.class)
	ResponseEntity<ProblemDetail> customerNotFound(CustomerNotFound ex) {
		return respond(problem(HttpStatus.NOT_FOUND, "customer-not-found", "No such customer", ex.getMessage()));
	}

	@ExceptionHandler(TooCostly.class)
	ResponseEntity<ProblemDetail> tooCostly(TooCostly ex) {
		return respond(problem(HttpStatus.UNPROCESSABLE_CONTENT, "too-costly", "Too large to answer", ex.getMessage()));
	}

	/**
	 * The read budget is held by other requests: the same request will likely be answered
	 * a second later.
	 */
	@ExceptionHandler(Busy.class)
	ResponseEntity<ProblemDetail> busy(Busy ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Too busy to answer now",
				ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/**
	 * Anything else: a store that cannot be reached is a 503; the rest a 500 without
	 * internals.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) throws Exception {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoException || cause instanceof DataAccessResourceFailureException) {
				return storeUnavailable((RuntimeException) cause);
			}
		}
		if (ex instanceof org.springframework.web.ErrorResponse) {
			throw ex;
		}
		log.error("Unexpected failure", ex);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Something went wrong",
				"The request could not be answered; retry shortly"));
	}

	@ExceptionHandler(InvalidQuery.class)
	ResponseEntity<ProblemDetail> invalidQuery(InvalidQuery ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", ex.getMessage());
		problem.setProperty("errors", List.of(Map.of("field", ex.parameter(), "message", ex.getMessage())));
		return respond(problem);
	}

	@ExceptionHandler({ MongoException.class, DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex) {
		log.warn("Read-model store unavailable: {}", ex.toString());
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
				"The read models are unavailable", "The read-model store cannot be reached; retry shortly");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemTypes.BASE + type));
		problem.setTitle(title);
		return problem;
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
