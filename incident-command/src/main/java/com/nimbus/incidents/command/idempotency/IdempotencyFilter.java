package com.nimbus.incidents.command.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.MongoException;
import com.nimbus.incidents.command.idempotency.OutcomeRecovery.Appended;
import com.nimbus.incidents.command.idempotency.OutcomeRecovery.NotAppended;
import com.nimbus.incidents.command.idempotency.OutcomeRecovery.Outcome;
import com.nimbus.incidents.command.idempotency.OutcomeRecovery.Unknown;
import com.nimbus.incidents.command.idempotency.Reservation.State;
import com.nimbus.incidents.command.incident.IncidentIds;
import com.nimbus.incidents.command.web.CachedBodyRequest;
import com.nimbus.incidents.command.web.FilterProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every write: the first request with a key is processed and,
 * when it succeeds, its answer kept; a retry with the same key and the same request
 * (method, path, {@code If-Match}, body) gets that answer again and appends nothing; the
 * same key with another request gets 422. Keys are scoped to the caller and remembered
 * for 24 hours ({@link ExpiredKeySweep}).
 * <p>
 * The key is reserved ({@link IdempotencyKeys}) before the command runs, so two
 * concurrent requests with one key cannot both run: the second gets 409 while the first
 * is in progress. The reservation's token goes onto the events the command appends
 * ({@link IdempotencyToken}). When the request dies before its answer is recorded, or the
 * record fails, a retry after {@code idempotency.abandoned-after} (at once after a server
 * error) takes the key over and finds the outcome in the event store
 * ({@link OutcomeRecovery}): the first request's answer if it appended, the command run
 * now if it did not. A declaration keeps the incident id assigned at the reservation, so
 * even then it cannot create a second incident.
 * <p>
 * Only successes are replayed: an answer that appended nothing (400, 404, 409, 412)
 * releases the key, so a retry after the incident has changed is evaluated afresh. The
 * store being away is a 503 with {@code Retry-After}, never a 500.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	static final String HEADER = "Idempotency-Key";

	static final String RETRY_AFTER_SECONDS = "5";

	private final IdempotencyKeys keys;

	private final OutcomeRecovery recovery;

	private final IdempotencyProperties properties;

	private final Clock clock;

	private final JsonMapper json;

	IdempotencyFilter(IdempotencyKeys keys, OutcomeRecovery recovery, IdempotencyProperties properties, Clock clock,
			JsonMapper json) {
		this.keys = keys;
		this.recovery = recovery;
		this.properties = properties;
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
					"Idempotency-Key must be 1 to 255 printable ASCII characters without spaces", Map.of("errors", List
						.of(Map.of("field", HEADER, "message", "must be 1 to 255 printable ASCII characters"))));
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		HttpServletRequest cached = new CachedBodyRequest(request, body);
		String fingerprint = fingerprint(request.getMethod(), request.getRequestURI(), request.getQueryString(),
				request.getHeader("If-Match"), body);
		try {
			handle(cached, response, chain, id(key), fingerprint);
		}
		catch (MongoException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			log.warn("Idempotency keys unavailable: {}", ex.toString());
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			problem(response, 503, "store-unavailable", "The event store is unavailable",
					"The command was not recorded because the store cannot be reached; retry shortly with the same Idempotency-Key",
					Map.of());
		}
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String id,
			String fingerprint) throws ServletException, IOException {
		Instant now = this.clock.instant();
		WriteTarget target = WriteTarget.of(request.getMethod(), request.getRequestURI());
		Reservation fresh = Reservation.pending(id, fingerprint, UUID.randomUUID().toString(),
				(target != null) ? target.aggregateId() : null, now);
		if (this.keys.reserve(fresh, this.properties.rememberedFor())) {
			run(fresh, target, request, response, chain);
			return;
		}
		Reservation existing = this.keys.find(id);
		if (existing == null) {
			inProgress(response, "The first request with this Idempotency-Key has just finished; retry it");
		}
		else if (!fingerprint.equals(existing.fingerprint())) {
			problem(response, 422, "idempotency-key-reused", "Idempotency-Key reused",
					"This Idempotency-Key was used for another request; use a new key for a new request", Map.of());
		}
		else if (existing.state() == State.COMPLETED) {
			answer(existing.answer(), response);
		}
		else if (existing.abandoned(now, this.properties.abandonedAfter()) && this.keys.takeOver(existing, now)) {
			recover(existing.leasedAt(now), request, response, chain);
		}
		else {
			inProgress(response, "A request with this Idempotency-Key is in progress; retry in a moment");
		}
	}

	/**
	 * A retry holding an abandoned reservation: answers what the first request did, or
	 * runs the command when it appended nothing.
	 */
	private void recover(Reservation reservation, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		WriteTarget target = WriteTarget.of(request.getMethod(), request.getRequestURI(), reservation);
		Outcome outcome = this.recovery.outcomeOf(reservation, target);
		if (outcome instanceof Appended appended) {
			log.info("Idempotency-Key outcome recovered from the event store for {}", reservation.aggregateId());
			recordQuietly(() -> this.keys.complete(reservation, appended.answer()));
			answer(appended.answer(), response);
		}
		else if (outcome instanceof NotAppended) {
			run(reservation, target, request, response, chain);
		}
		else if (outcome instanceof Unknown unknown) {
			this.keys.markUnknown(reservation);
			problem(response, 409, "idempotency-key-in-use", "Outcome unknown",
					"An earlier request with this " + "Idempotency-Key did not finish and its outcome cannot be told ("
							+ unknown.reason()
							+ "); read the incident's version before sending it again with a new key",
					Map.of());
		}
	}

	/**
	 * Runs the command holding the reservation, then keeps a success, releases the key
	 * after an answer that appended nothing, and marks the outcome unknown after a server
	 * error. When that record fails, the client still gets the command's answer; the
	 * reservation stays pending until a retry finds the outcome in the event store.
	 */
	private void run(Reservation reservation, WriteTarget target, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		request.setAttribute(IdempotencyToken.ATTRIBUTE, reservation.token());
		if (target != null && target.kind() == WriteTarget.Kind.DECLARE) {
			request.setAttribute(IncidentIds.ASSIGNED_ID, reservation.aggregateId());
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, recorded);
			record(reservation, recorded);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			recordQuietly(() -> this.keys.markUnknown(reservation));
			throw ex;
		}
		finally {
			recorded.copyBodyToResponse();
		}
	}

	private void record(Reservation reservation, ContentCachingResponseWrapper recorded) {
		int status = recorded.getStatus();
		if (status >= 200 && status < 300) {
			Answer answer = new Answer(status, recorded.getContentType(), recorded.getHeader(HttpHeaders.LOCATION),
					new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8));
			recordQuietly(() -> this.keys.complete(reservation, answer));
		}
		else if (status >= 500) {
			recordQuietly(() -> this.keys.markUnknown(reservation));
		}
		else {
			recordQuietly(() -> this.keys.release(reservation));
		}
	}

	private static void recordQuietly(Runnable write) {
		try {
			write.run();
		}
		catch (MongoException ex) {
			log.warn("Cannot record the outcome of an Idempotency-Key; a retry will find it in the event store: {}",
					ex.toString());
		}
	}

	private void answer(Answer answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.status());
		if (answer.contentType() != null) {
			response.setContentType(answer.contentType());
		}
		if (answer.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, answer.location());
		}
		response.setHeader("Idempotent-Replayed", "true");
		response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
	}

	private void inProgress(HttpServletResponse response, String detail) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		problem(response, 409, "idempotency-key-in-use", "In progress", detail, Map.of());
	}

	/**
	 * The key's {@code _id}: the caller and the key, so that two callers' keys never
	 * meet.
	 */
	private static String id(String key) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String actor = (caller != null) ? caller.getName() : "anonymous";
		return actor + "\n" + key;
	}

	static String fingerprint(String method, String path, String query, String ifMatch, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest
				.update((method + "\n" + path + "?" + query + "\n" + ifMatch + "\n").getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void problem(HttpServletResponse response, int status, String type, String title, String detail,
			Map<String, Object> extra) throws IOException {
		FilterProblems.write(response, this.json, status, type, title, detail, extra);
	}

}
