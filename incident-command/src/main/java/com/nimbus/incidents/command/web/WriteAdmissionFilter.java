package com.nimbus.incidents.command.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes to the API run as {@link WriteAdmission} allows: a write that finds no turn
 * within the longest wait gets {@code 503} ({@code overloaded}) with {@code Retry-After}
 * and nothing is recorded; its {@code Idempotency-Key} is not reserved (this filter runs
 * after sign-in and the body's limit, before the key is looked at), so a retry with the
 * same key runs afresh. Monitoring's signals ({@code POST /api/signals} and
 * {@code /api/signals/alertmanager}) are not held here: their intake answers once they
 * are on the {@code signals} topic, and an alert storm is absorbed there (a responder's
 * triage of a signal is a write like any other).
 */
@Component
@Order(0)
class WriteAdmissionFilter extends OncePerRequestFilter {

	private final WriteAdmission admission;

	private final JsonMapper json;

	WriteAdmissionFilter(WriteAdmission admission, JsonMapper json) {
		this.admission = admission;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		String path = request.getRequestURI();
		return !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE"))
				|| !path.startsWith("/api/") || path.equals("/api/signals") || path.equals("/api/signals/alertmanager");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean admitted;
		try {
			admitted = this.admission.enter();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			admitted = false;
		}
		if (!admitted) {
			int retryAfter = this.admission.retryAfterSeconds();
			response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter));
			FilterProblems.write(response, this.json, 503, "overloaded", "Too many writes at once",
					"The service is taking more writes than it can answer; nothing was recorded. Retry after "
							+ retryAfter + " s (with the same Idempotency-Key, if one was sent)");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.admission.leave();
		}
	}

}
