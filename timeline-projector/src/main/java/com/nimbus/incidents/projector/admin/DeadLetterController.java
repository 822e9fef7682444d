package com.nimbus.incidents.projector.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.projector.consumer.RecordsHandler;
import com.nimbus.incidents.projector.deadletter.DeadLetters;
import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.web.ProblemTypes;
import com.nimbus.incidents.support.security.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters for administrators: the list, and a retry that projects a record again
 * once it can be read (after a release that reads its schema, say).
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final List<RecordsHandler> handlers;

	private final AuditLog audit;

	DeadLetterController(DeadLetters deadLetters, List<RecordsHandler> handlers, AuditLog audit) {
		this.deadLetters = deadLetters;
		this.handlers = handlers;
		this.audit = audit;
	}

	record DeadLetter(String id, String topic, int partition, long offset, String key, String reason, String value) {

		static DeadLetter of(Document letter) {
			return new DeadLetter(letter.getString("_id"), letter.getString("topic"), letter.getInteger("partition"),
					letter.get("offset", Number.class).longValue(), letter.getString("key"), letter.getString("reason"),
					letter.getString("value"));
		}

	}

	@GetMapping
	List<DeadLetter> list(HttpServletRequest request, Authentication caller) {
		this.audit.record(request, caller.getName(), ApiSecurity.roles(caller), "ADMIN_READ", "list of dead letters");
		return this.deadLetters.list().stream().map(DeadLetter::of).toList();
	}

	@PostMapping("/{id}/retry")
	ResponseEntity<Object> retry(@PathVariable String id, HttpServletRequest request, Authentication caller) {
		this.audit.record(request, caller.getName(), ApiSecurity.roles(caller), "ADMIN_ACTION",
				"retry of dead letter " + id);
		Document letter = this.deadLetters.find(id);
		if (letter == null) {
			return problem(HttpStatus.NOT_FOUND, "not-found", "No dead letter " + id);
		}
		DeadLetter dead = DeadLetter.of(letter);
		byte[] value = (dead.value() != null) ? dead.value().getBytes(StandardCharsets.UTF_8) : null;
		RecordsHandler handler = this.handlers.stream()
			.filter((candidate) -> candidate.topic().equals(dead.topic()))
			.findFirst()
			.orElse(null);
		if (handler == null) {
			return problem(HttpStatus.CONFLICT, "not-projected", "No projection reads " + dead.topic() + " any more");
		}
		var reason = handler.unreadable(value);
		if (reason.isPresent()) {
			return problem(HttpStatus.CONFLICT, "still-unreadable", "Still unreadable: " + reason.get());
		}
		handler.handle(List.of(new ConsumerRecord<>(dead.topic(), dead.partition(), dead.offset(), dead.key(), value)));
		this.deadLetters.remove(id);
		return ResponseEntity.ok(Map.of("id", id, "status", "PROJECTED"));
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(ProblemTypes.BASE + type));
		problem.setTitle(status.getReasonPhrase());
		return ResponseEntity.status(status).body(problem);
	}

}
