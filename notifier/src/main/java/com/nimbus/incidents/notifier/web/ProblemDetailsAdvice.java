package com.nimbus.incidents.notifier.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoException;
import com.nimbus.incidents.notifier.subscription.InvalidSubscription;
import com.nimbus.incidents.notifier.subscription.SubscriptionNotFound;
import com.nimbus.incidents.support.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem detail with a stable {@code type}; a client's
 * mistake is never a 500.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(SubscriptionNotFound.class)
	ResponseEntity<ProblemDetail> notFound(SubscriptionNotFound ex) {
		return respond(
				problem(HttpStatus.NOT_FOUND, "subscription-not-found", "No such subscription", ex.getMessage()));
	}

	@ExceptionHandler(InvalidSubscription.class)
	ResponseEntity<ProblemDetail> invalid(InvalidSubscription ex) {
		ProblemDetail problem = ex.unprocessable()
				? problem(HttpStatus.UNPROCESSABLE_CONTENT, "target-refused", "Target refused", ex.getMessage())
				: problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", ex.getMessage());
		problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
		return respond(problem);
	}

	@ExceptionHandler({ MongoException.class, DataAccessResourceFailureException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex) {
		log.warn("Store unavailable: {}", ex.toString());
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "The store is unavailable",
				"The notifier's store cannot be reached; retry shortly");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	/**
	 * Anything else: a store that cannot be reached is a 503; Spring's own client errors
	 * keep their status; the rest a 500 without internals.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) throws Exception {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MongoException || cause instanceof DataAccessResourceFailureException) {
				return storeUnavailable((RuntimeException) cause);
			}
		}
		if (ex instanceof ErrorResponse) {
			throw ex;
		}
		log.error("Unexpected failure", ex);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Something went wrong",
				"The request could not be answered; retry shortly"));
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
