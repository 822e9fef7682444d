package com.nimbus.incidents.command.signal;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.support.web.ProblemTypes;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems only signals have: one no route can place (422), the signals topic away
 * (503, retry), an attach for an alert not waiting (404 or 409).
 */
@RestControllerAdvice(assignableTypes = SignalController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SignalProblems {

	@ExceptionHandler(UnplaceableSignal.class)
	ResponseEntity<ProblemDetail> unplaceable(UnplaceableSignal ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unplaceable-signal",
				"No route can place this signal", ex.getMessage());
		problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	@ExceptionHandler(SignalLogUnavailable.class)
	ResponseEntity<ProblemDetail> unavailable(SignalLogUnavailable ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "signals-unavailable", "Signals cannot be recorded now",
					"The signals were not acknowledged by the signals topic (" + ex.getMessage()
							+ "); send the same body again shortly"));
	}

	@ExceptionHandler(SignalNotWaiting.class)
	ResponseEntity<ProblemDetail> notWaiting(SignalNotWaiting ex) {
		HttpStatus status = ex.known() ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND;
		return ResponseEntity.status(status)
			.body(problem(status, ex.known() ? "signal-placed" : "signal-not-found",
					ex.known() ? "The signal is placed already" : "No such signal", ex.getMessage()));
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemTypes.BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
