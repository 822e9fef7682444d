package com.nimbus.incidents.projector.admin;

import java.time.Clock;
import java.time.Instant;

import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.support.security.ApiSecurity;
import com.nimbus.incidents.support.security.AuditLog;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Management of the projection: its progress, and the rebuild of every read model from
 * the beginning of the log.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

	private final ProjectorLoop loop;

	private final AuditLog audit;

	private final Clock clock;

	AdminController(ProjectorLoop loop, AuditLog audit, Clock clock) {
		this.loop = loop;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @param generation the rebuild generation that carries out the request: it is done
	 * when every instance's {@code /admin/projection} reports it with {@code rebuilding}
	 * false
	 */
	record RebuildAccepted(String status, Instant requestedAt, long generation, String progress) {
	}

	@PostMapping("/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	RebuildAccepted rebuild(HttpServletRequest request, Authentication caller) {
		this.audit.record(request, caller.getName(), ApiSecurity.roles(caller), "ADMIN_ACTION",
				"rebuild of every read model");
		Instant requestedAt = this.clock.instant();
		return new RebuildAccepted("REBUILDING", requestedAt, this.loop.requestRebuild(), "/admin/projection");
	}

	@GetMapping("/projection")
	ProjectorLoop.Status projection(HttpServletRequest request, Authentication caller) {
		this.audit.record(request, caller.getName(), ApiSecurity.roles(caller), "ADMIN_READ",
				"status of the projection");
		return this.loop.status();
	}

}
