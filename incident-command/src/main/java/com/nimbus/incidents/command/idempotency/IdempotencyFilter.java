package com.nimbus.incidents.command.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.nimbus.incidents.command.web.CachedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every write: the first request with a key is processed and
 * its answer kept; a retry with the same key and the same request (method, path,
 * {@code If-Match}, body) gets that answer again and appends nothing; the same key with
 * another request gets 422. Keys are scoped to the caller and remembered for 24 hours.
 * <p>
 * The key is reserved by inserting its {@code _id} before the command runs, so two
 * concurrent requests with one key cannot both run: the second gets 409 while the first
 * is in progress. A server error releases the key, so the request can be retried.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String COLLECTION = "idempotency_keys";

	static final Duration REMEMBERED = Duration.ofHours(24);

	/** A reservation this old belongs to a request that never finished (a crash). */
	static final Duration ABANDONED = Duration.ofMinutes(1);

	private final MongoCollection<Document> keys;

	private final Clock clock;

	private final JsonMapper json;

	IdempotencyFilter(MongoClient mongo, @Value("${spring.mongodb.database}") String database, Clock clock,
			JsonMapper json) {
		this.keys = mongo.getDatabase(database).getCollection(COLLECTION);
		this.clock = clock;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return request.getHeader(HEADER) == null || method.equals("GET") || method.equals("HEAD")
				|| method.equals("OPTIONS") || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			problem(response, 400, "invalid-input", "Invalid input",
					"Idempotency-Key must be 1 to 255 printable ASCII characters without spaces",
					Map.of("errors", java.util.List
						.of(Map.of("field", HEADER, "message", "must be 1 to 255 printable ASCII characters"))));
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		var caller = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
		String actor = (caller != null) ? caller.getName() : "anonymous";
		String id = actor + "\n" + key;
		String fingerprint = fingerprint(request, body);
		Instant now = this.clock.instant();
		if (!reserve(id, fingerprint, now)) {
			Document existing = this.keys.find(Filters.eq("_id", id)).first();
			if (existing == null) {
				problem(response, 409, "idempotency-key-in-use", "Try again",
						"The first request with this Idempotency-Key has just finished; retry it", Map.of());
				return;
			}
			answerFromRecord(existing, fingerprint, now, response);
			return;
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		boolean kept = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), recorded);
			if (recorded.getStatus() < 500) {
				this.keys.replaceOne(Filters.eq("_id", id),
						new Document("_id", id).append("fingerprint", fingerprint)
							.append("state", "COMPLETED")
							.append("createdAt", Date.from(now))
							.append("status", recorded.getStatus())
							.append("contentType", recorded.getContentType())
							.append("location", recorded.getHeader(HttpHeaders.LOCATION))
							.append("body", new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8)));
				kept = true;
			}
		}
		finally {
			if (!kept) {
				this.keys.deleteOne(Filters.eq("_id", id));
			}
			recorded.copyBodyToResponse();
		}
	}

	/**
	 * Inserts the reservation; false when the key is already there (and not expired).
	 */
	private boolean reserve(String id, String fingerprint, Instant now) {
		Document reservation = new Document("_id", id).append("fingerprint", fingerprint)
			.append("state", "PENDING")
			.append("createdAt", Date.from(now));
		try {
			this.keys.insertOne(reservation);
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		Document existing = this.keys.find(Filters.eq("_id", id)).first();
		if (existing != null && existing.getDate("createdAt").toInstant().plus(REMEMBERED).isBefore(now)) {
			// forgotten: take it over
			this.keys.replaceOne(Filters.and(Filters.eq("_id", id)), reservation, new ReplaceOptions());
			return true;
		}
		return false;
	}

	private void answerFromRecord(Document existing, String fingerprint, Instant now, HttpServletResponse response)
			throws IOException {
		if (!fingerprint.equals(existing.getString("fingerprint"))) {
			problem(response, 422, "idempotency-key-reused", "Idempotency-Key reused",
					"This Idempotency-Key was used for another request; use a new key for a new request", Map.of());
			return;
		}
		if ("PENDING".equals(existing.getString("state"))) {
			boolean abandoned = existing.getDate("createdAt").toInstant().plus(ABANDONED).isBefore(now);
			problem(response, 409, "idempotency-key-in-use", abandoned ? "Outcome unknown" : "In progress", abandoned
					? "An earlier request with this Idempotency-Key did not finish; read the incident's version before sending it again with a new key"
					: "A request with this Idempotency-Key is in progress; retry in a moment", Map.of());
			return;
		}
		response.setStatus(existing.getInteger("status"));
		if (existing.getString("contentType") != null) {
			response.setContentType(existing.getString("contentType"));
		}
		if (existing.getString("location") != null) {
			response.setHeader(HttpHeaders.LOCATION, existing.getString("location"));
		}
		response.setHeader("Idempotent-Replayed", "true");
		response.getOutputStream().write(existing.getString("body").getBytes(StandardCharsets.UTF_8));
	}

	private static String fingerprint(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + "\n" + request.getRequestURI() + "?" + request.getQueryString() + "\n"
					+ request.getHeader("If-Match") + "\n")
				.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void problem(HttpServletResponse response, int status, String type, String title, String detail,
			Map<String, Object> extra) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "https://incidents.nimbus.example/problems/" + type);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.putAll(extra);
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

}
