package com.nimbus.incidents.support.web;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container sends to {@code /error} (a request refused before it reached
 * a controller: a malformed URL, a body too large) leaves as a problem detail too.
 */
@RestController
public class ErrorEndpoint implements ErrorController {

	private static final Map<Integer, String> TYPES = Map.of(400, "invalid-input", 404, "not-found", 405,
			"method-not-allowed", 413, "too-large");

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String type = TYPES.getOrDefault(status.value(),
				status.is5xxServerError() ? "server-error" : "invalid-request");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				status.is5xxServerError() ? "The request could not be completed; retry shortly"
						: "The request was refused: " + status.getReasonPhrase());
		problem.setType(ProblemTypes.of(type));
		problem.setTitle(status.getReasonPhrase());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri != null) {
			try {
				problem.setInstance(URI.create(String.valueOf(uri)));
			}
			catch (IllegalArgumentException ex) {
				// not a URI worth echoing
			}
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
