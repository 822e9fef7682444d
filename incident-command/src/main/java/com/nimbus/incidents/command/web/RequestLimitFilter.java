package com.nimbus.incidents.command.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body is read at most up to {@code limits.max-body-bytes} (default 512 KiB,
 * enough for the largest valid postmortem or contract); past it the request gets 413 and
 * nothing is parsed or appended. Bodies are read before anything else, so no later step
 * can be made to buffer an unbounded stream. Signal bodies ({@code /api/signals/**}) may
 * be larger ({@code limits.max-signal-body-bytes}, default 4 MiB): monitoring sends up to
 * 1,000 alerts in one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class RequestLimitFilter extends OncePerRequestFilter {

	private final int maxBodyBytes;

	private final int maxSignalBodyBytes;

	private final JsonMapper json;

	RequestLimitFilter(@Value("${limits.max-body-bytes:524288}") int maxBodyBytes,
			@Value("${limits.max-signal-body-bytes:4194304}") int maxSignalBodyBytes, JsonMapper json) {
		this.maxBodyBytes = maxBodyBytes;
		this.maxSignalBodyBytes = maxSignalBodyBytes;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		int limit = request.getRequestURI().startsWith("/api/signals") ? this.maxSignalBodyBytes : this.maxBodyBytes;
		if (request.getContentLengthLong() > limit) {
			tooLarge(response, limit);
			return;
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(limit + 1);
		}
		if (body.length > limit) {
			tooLarge(response, limit);
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private void tooLarge(HttpServletResponse response, int limit) throws IOException {
		FilterProblems.write(response, this.json, 413, "too-large", "Request too large",
				"The body is over " + limit + " bytes; nothing was recorded");
	}

}
