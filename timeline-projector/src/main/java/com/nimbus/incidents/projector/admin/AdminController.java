package com.nimbus.incidents.projector.admin;

import java.time.Instant;

import java.util.List;

import com.nimbus.incidents.projector.consumer.ProjectorLoop;
import com.nimbus.incidents.projector.security.AuditLog;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

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

	AdminController(ProjectorLoop loop, AuditLog audit) {
		this.loop = loop;
		this.audit = audit;
	}

	record RebuildAccepted(String status, Instant requestedAt, String progress) {
	}

	@PostMapping("/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	RebuildAccepted rebuild(HttpServletRequest request, Authentication caller) {
		this.audit.record(request, caller.getName(), roles(caller), "ADMIN_ACTION", "rebuild of every read model");
		return new RebuildAccepted("REBUILDING", this.loop.requestRebuild(), "/admin/projection");
	}

	static List<String> roles(Authentication caller) {
		return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

	@GetMapping("/projection")
	ProjectorLoop.Status projection() {
		return this.loop.status();
	}

}
