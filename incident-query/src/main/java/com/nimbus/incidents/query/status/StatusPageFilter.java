package com.nimbus.incidents.query.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.nimbus.incidents.support.web.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/status}, answered ahead of every other filter with the bytes
 * {@link StatusPageRefresher} rendered last: gzipped when the client accepts it, with a
 * strong {@code ETag} per form and {@code Cache-Control: public, max-age}
 * ({@code status-page.max-age}, 5 s); a request whose {@code If-None-Match} names the
 * current page gets {@code 304} without a body. Until the first render, a {@code 503}
 * with {@code Retry-After: 1}.
 * <p>
 * The page is the same bytes for everyone and needs no sign-in, so it skips what every
 * other request goes through (the security filter chain and its observations, the read
 * budget, the dispatcher, argument resolution, message conversion): measured under a
 * crowd, those cost several times what writing the page does. No request reads the store
 * or serializes anything. Answers are counted in {@code status_page.answers{status}}
 * (they are not in {@code http.server.requests}). Other methods go down the chain as
 * usual (and are refused there).
 */
class StatusPageFilter implements Filter {

	static final String PATH = "/api/status";

	private static final String NOT_READY = """
			{"type":"%s","title":"The status page is not ready","status":503,\
			"detail":"The status page is being prepared; ask again in a second"}"""
		.formatted(ProblemTypes.BASE + "status-page-not-ready");

	private final StatusPageRefresher pages;

	private final String cacheControl;

	private final Counter ok;

	private final Counter notModified;

	private final Counter notReady;

	StatusPageFilter(StatusPageRefresher pages, StatusPageProperties properties, MeterRegistry meters) {
		this.pages = pages;
		this.cacheControl = "public, max-age=" + properties.maxAge().toSeconds();
		this.ok = answers(meters, 200);
		this.notModified = answers(meters, 304);
		this.notReady = answers(meters, 503);
	}

	private static Counter answers(MeterRegistry meters, int status) {
		return Counter.builder("status_page.answers")
			.description("Answers of GET /api/status")
			.tag("status", String.valueOf(status))
			.register(meters);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		boolean head = "HEAD".equals(request.getMethod());
		if (!PATH.equals(request.getRequestURI()) || !(head || "GET".equals(request.getMethod()))) {
			chain.doFilter(request, response);
			return;
		}
		RenderedStatusPage page = this.pages.current();
		if (page == null) {
			this.notReady.increment();
			byte[] problem = NOT_READY.getBytes(StandardCharsets.UTF_8);
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", "1");
			write(response, "application/problem+json", problem, head);
			return;
		}
		boolean gzip = AcceptEncoding.gzip(request.getHeader("Accept-Encoding"));
		response.setHeader("ETag", gzip ? page.gzipEtag() : page.etag());
		response.setHeader("Cache-Control", this.cacheControl);
		response.setHeader("Vary", "Accept-Encoding");
		response.setHeader("X-Content-Type-Options", "nosniff");
		if (EntityTags.noneMatchFails(request.getHeader("If-None-Match"), page.etag(), page.gzipEtag())) {
			this.notModified.increment();
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		this.ok.increment();
		response.setStatus(HttpServletResponse.SC_OK);
		if (gzip) {
			response.setHeader("Content-Encoding", "gzip");
		}
		write(response, "application/json", gzip ? page.gzip() : page.json(), head);
	}

	private static void write(HttpServletResponse response, String contentType, byte[] body, boolean head)
			throws IOException {
		response.setContentType(contentType);
		response.setContentLength(body.length);
		if (!head) {
			response.getOutputStream().write(body);
		}
	}

}
