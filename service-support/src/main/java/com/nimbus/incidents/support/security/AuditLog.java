package com.nimbus.incidents.support.security;

import java.time.Clock;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who was refused what, and what administrators did: a line on the {@code audit} logger
 * and a document in {@code audit_log}. Never fails the request it records.
 */
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("audit");

	private final MongoCollection<Document> entries;

	private final Clock clock;

	private final String service;

	/**
	 * @param service the service that records, as {@code spring.application.name}
	 */
	public AuditLog(MongoClient mongo, String database, Clock clock, String service) {
		this.entries = mongo.getDatabase(database).getCollection("audit_log");
		this.clock = clock;
		this.service = service;
	}

	public void record(HttpServletRequest request, String principal, List<String> roles, String outcome,
			String reason) {
		log.atWarn()
			.addKeyValue("outcome", outcome)
			.addKeyValue("principal", principal)
			.addKeyValue("method", request.getMethod())
			.addKeyValue("path", request.getRequestURI())
			.log("{} {} {} by {}: {}", outcome, request.getMethod(), request.getRequestURI(), principal, reason);
		try {
			this.entries.insertOne(new Document("at", Date.from(this.clock.instant())).append("service", this.service)
				.append("principal", principal)
				.append("roles", roles)
				.append("method", request.getMethod())
				.append("path", request.getRequestURI())
				.append("outcome", outcome)
				.append("reason", reason));
		}
		catch (RuntimeException ex) {
			log.error("Could not store the audit entry: {}", ex.toString());
		}
	}

}
