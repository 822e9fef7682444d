package com.nimbus.incidents.query.status;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public status page, served from memory ({@link StatusPageRefresher}): the bytes
 * rendered last, gzipped when the client accepts it, with a strong {@code ETag} and
 * {@code Cache-Control: public, max-age} ({@code status-page.max-age}, 5 s); a request
 * whose {@code If-None-Match} names the current page gets {@code 304} without a body. No
 * request reads the store or serializes anything, so a crowd costs what writing the bytes
 * costs, whatever the number of incidents. The page is outside the security filter chain
 * (see the service's {@code SecurityConfiguration}).
 */
@RestController
class PublicStatusController {

	/**
	 * Set here: the page is served outside the security filter chain, whose header writer
	 * sets it elsewhere.
	 */
	private static final String NOSNIFF = "X-Content-Type-Options";

	private final StatusPageRefresher pages;

	private final String cacheControl;

	PublicStatusController(StatusPageRefresher pages, StatusPageProperties properties) {
		this.pages = pages;
		this.cacheControl = "public, max-age=" + properties.maxAge().toSeconds();
	}

	@GetMapping("/api/status")
	@Operation(summary = "The public status page: components, active incidents, 90 days of history and uptime",
			responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = StatusPage.class))))
	ResponseEntity<byte[]> status(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
		RenderedStatusPage page = this.pages.current();
		boolean gzip = AcceptEncoding.gzip(acceptEncoding);
		String etag = gzip ? page.gzipEtag() : page.etag();
		if (EntityTags.noneMatchFails(ifNoneMatch, page.etag(), page.gzipEtag())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(etag)
				.header(HttpHeaders.CACHE_CONTROL, this.cacheControl)
				.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
				.header(NOSNIFF, "nosniff")
				.build();
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.eTag(etag)
			.header(HttpHeaders.CACHE_CONTROL, this.cacheControl)
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
			.header(NOSNIFF, "nosniff")
			.contentType(MediaType.APPLICATION_JSON);
		if (gzip) {
			return response.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(page.gzip());
		}
		return response.body(page.json());
	}

}
