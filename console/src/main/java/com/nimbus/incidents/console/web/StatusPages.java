package com.nimbus.incidents.console.web;

import java.util.concurrent.atomic.AtomicReference;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.api.Api.Document;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The public status page, {@code /status}, and its Atom feed under the console's origin,
 * {@code /status/feed.atom}; no sign-in for either.
 * <p>
 * The page is built from the one document incident-query serves ({@code GET /api/status},
 * already public text only) and the view is kept by that document's {@code ETag}: each
 * request asks with {@code If-None-Match}, and while the query answers {@code 304} the
 * view built for that version is rendered again, so a crowd costs the console no parsing
 * and nothing in proportion to the history.
 */
@Controller
class StatusPages {

	static final String FEED = "/status/feed.atom";

	private final Api api;

	private final Readable readable;

	private final JsonMapper json;

	private final AtomicReference<Built> last = new AtomicReference<>();

	StatusPages(Api api, Readable readable, JsonMapper json) {
		this.api = api;
		this.readable = readable;
		this.json = json;
	}

	/** The view built from the version of the status page with this entity tag. */
	private record Built(String etag, StatusView view) {

	}

	@GetMapping("/status")
	String status(Model model) {
		Built built = this.last.get();
		Document document = this.api.readPublicDocument("/api/status", (built != null) ? built.etag() : null);
		StatusView view = null;
		String problem = null;
		if (document.status() == HttpStatus.NOT_MODIFIED.value() && built != null) {
			view = built.view();
		}
		else if (document.status() == HttpStatus.OK.value()) {
			view = StatusViews.of(Api.plain(this.json.readTree(document.body())), this.readable);
			if (document.etag() != null) {
				this.last.set(new Built(document.etag(), view));
			}
		}
		else {
			problem = detail(document);
		}
		model.addAttribute("statusPage", view);
		model.addAttribute("problem", problem);
		model.addAttribute("feed", FEED);
		return "status";
	}

	private String detail(Document document) {
		if (document.contentType() != null && document.contentType().contains("json") && document.body().length > 0) {
			try {
				JsonNode body = this.json.readTree(document.body());
				if (body.has("detail")) {
					return body.get("detail").asString();
				}
			}
			catch (JacksonException ex) {
				// not a problem detail: said below by its status
			}
		}
		return "The status page cannot be read right now (" + document.status() + "); try again in a moment.";
	}

	/**
	 * The query's Atom feed, as it answered (conditional requests included), so feed
	 * readers subscribe at the page's own origin.
	 */
	@GetMapping(FEED)
	ResponseEntity<byte[]> feed(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		Document document = this.api.readPublicDocument("/api/status/feed.atom", ifNoneMatch);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(document.status());
		if (document.etag() != null) {
			answer.eTag(document.etag());
		}
		if (document.cacheControl() != null) {
			answer.header(HttpHeaders.CACHE_CONTROL, document.cacheControl());
		}
		if (document.status() == HttpStatus.NOT_MODIFIED.value()) {
			return answer.build();
		}
		if (document.contentType() != null) {
			answer.contentType(MediaType.parseMediaType(document.contentType()));
		}
		return answer.body(document.body());
	}

}
