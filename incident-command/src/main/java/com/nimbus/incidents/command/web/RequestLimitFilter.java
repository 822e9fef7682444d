package com.nimbus.incidents.command.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.nimbus.incidents.support.web.ProblemTypes;
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
 * can be made to buffer an unbounded stream.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class RequestLimitFilter extends OncePerRequestFilter {

	private final int maxBodyBytes;

	private final JsonMapper json;

	RequestLimitFilter(@Value("${limits.max-body-bytes:524288}") int maxBodyBytes, JsonMapper json) {
		this.maxBodyBytes = maxBodyBytes;
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
		if (request.getContentLengthLong() > this.maxBodyBytes) {
			tooLarge(response);
			return;
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(this.maxBodyBytes + 1);
		}
		if (body.length > this.maxBodyBytes) {
			tooLarge(response);
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		response.setStatus(413);
		response.setContentType("application/problem+json");
		response.getOutputStream()
			.write(this.json.writeValueAsBytes(
					Map.of("type", ProblemTypes.BASE + "too-large", "title", "Request too large", "status", 413,
							"detail", "The body is over " + this.maxBodyBytes + " bytes; nothing was recorded")));
	}

}
