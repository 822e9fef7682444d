package com.nimbus.incidents.query.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

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
 * A public document rendered ahead of time, answered ahead of every other filter with the
 * bytes last rendered: {@code GET /api/status} ({@link StatusPageRefresher}) and
 * {@code GET /api/status/feed.atom} ({@link StatusFeedRefresher}), one instance each.
 * Gzipped when the client accepts it, with a strong {@code ETag} per form and
 * {@code Cache-Control: public, max-age} ({@code status-page.max-age}, 5 s); a request
 * whose {@code If-None-Match} names the current document gets {@code 304} without a body.
 * Until the first render, a {@code 503} with {@code Retry-After: 1}.
 * <p>
 * The page is the same bytes for everyone and needs no sign-in, so it skips what every
 * other request goes through (the security filter chain and its observations, the read
 * budget, the dispatcher, argument resolution, message conversion): measured under a
 * crowd, those cost several times what writing the page does. No request reads the store
 * or serializes anything. Answers are counted in
 * {@code status_page.answers{document,status}} (document {@code page} or {@code feed})
 * (they are not in {@code http.server.requests}). Other methods go down the chain as
 * usual (and are refused there).
 */
class StatusPageFilter implements Filter {

	static final String PATH = "/api/status";

	static final String FEED_PATH = "/api/status/feed.atom";

	private static final String NOT_READY = """
			{"type":"%s","title":"The status page is not ready","status":503,\
			"detail":"The status page is being prepared; ask again in a second"}"""
		.formatted(ProblemTypes.BASE + "status-page-not-ready");

	private final String path;

	private final String contentType;

	private final Supplier<RenderedStatusPage> pages;

	private final String cacheControl;

	private final Counter ok;

	private final Counter notModified;

	private final Counter notReady;

	/**
	 * @param path the one path answered
	 * @param contentType of the rendered bytes
	 * @param document the tag of its answers in {@code status_page.answers}
	 * @param pages the document as last rendered; {@code null} before the first render
	 */
	StatusPageFilter(String path, String contentType, String document, Supplier<RenderedStatusPage> pages,
			StatusPageProperties properties, MeterRegistry meters) {
		this.path = path;
		this.contentType = contentType;
		this.pages = pages;
		this.cacheControl = "public, max-age=" + properties.maxAge().toSeconds();
		this.ok = answers(meters, document, 200);
		this.notModified = answers(meters, document, 304);
		this.notReady = answers(meters, document, 503);
	}

	private static Counter answers(MeterRegistry meters, String document, int status) {
		return Counter.builder("status_page.answers")
			.description("Answers of GET /api/status and /api/status/feed.atom")
			.tag("document", document)
			.tag("status", String.valueOf(status))
			.register(meters);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		boolean head = "HEAD".equals(request.getMethod());
		if (!this.path.equals(request.getRequestURI()) || !(head || "GET".equals(request.getMethod()))) {
			chain.doFilter(request, response);
			return;
		}
		RenderedStatusPage page = this.pages.get();
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
		write(response, this.contentType, gzip ? page.gzip() : page.body(), head);
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
