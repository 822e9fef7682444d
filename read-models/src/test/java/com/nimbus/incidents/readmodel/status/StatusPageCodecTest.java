package com.nimbus.incidents.readmodel.status;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.history.IncidentStatus;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored shape of the status page document is pinned here: the projector writes it
 * and the query service reads it, so a renamed field must fail a test, not the page.
 */
class StatusPageCodecTest {

	private static final Instant DECLARED = Instant.parse("2026-11-29T10:00:00.123456789Z");

	private static StatusPageIncident resolved() {
		return new StatusPageIncident("INC-1", 7, IncidentStatus.RESOLVED, DECLARED,
				Instant.parse("2026-11-29T12:00:00Z"), "Slow uploads",
				List.of(new StatusPageWindow("object-storage", "eu-west-1", ImpactLevel.PARTIAL_OUTAGE,
						Instant.parse("2026-11-29T09:55:00Z"), Instant.parse("2026-11-29T11:30:00Z"))),
				List.of(new StatusPageUpdate(UpdateStatus.INVESTIGATING, "Looking", DECLARED.plusSeconds(60), 3)));
	}

	private static StatusPageIncident open() {
		return new StatusPageIncident("INC-2", 2, IncidentStatus.OPEN, DECLARED, null, null,
				List.of(new StatusPageWindow("dns", "us-east-1", ImpactLevel.MAJOR_OUTAGE,
						Instant.parse("2026-11-30T08:00:00Z"), null)),
				List.of());
	}

	@Test
	void theStoredShapeIsPinned() {
		Document stored = StatusPageCodec.toDocument(new StatusPageDocument("e-1", 4, List.of(resolved(), open())));

		assertThat(stored.keySet()).containsExactly("_id", "epoch", "version", "incidents");
		assertThat(stored.get("_id")).isEqualTo("public");
		assertThat(stored.get("epoch")).isEqualTo("e-1");
		assertThat(stored.get("version")).isEqualTo(4L);
		Document incident = stored.getList("incidents", Document.class).get(0);
		assertThat(incident.keySet()).containsExactly("incidentId", "version", "status", "declaredAt", "resolvedAt",
				"publicTitle", "windows", "updates");
		assertThat(incident.get("status")).isEqualTo("RESOLVED");
		assertThat(incident.get("declaredAt")).isEqualTo(Date.from(Instant.parse("2026-11-29T10:00:00.123Z")));
		Document window = incident.getList("windows", Document.class).get(0);
		assertThat(window).isEqualTo(new Document("service", "object-storage").append("region", "eu-west-1")
			.append("level", "PARTIAL_OUTAGE")
			.append("startedAt", Date.from(Instant.parse("2026-11-29T09:55:00Z")))
			.append("endedAt", Date.from(Instant.parse("2026-11-29T11:30:00Z"))));
		Document update = incident.getList("updates", Document.class).get(0);
		assertThat(update).isEqualTo(new Document("status", "INVESTIGATING").append("message", "Looking")
			.append("occurredAt", Date.from(Instant.parse("2026-11-29T10:01:00.123Z")))
			.append("sequence", 3L));
		Document second = stored.getList("incidents", Document.class).get(1);
		assertThat(second.get("resolvedAt")).isNull();
		assertThat(second.get("publicTitle")).isNull();
		assertThat(second.getList("windows", Document.class).get(0).get("endedAt")).isNull();
	}

	@Test
	void whatIsWrittenReadsBackEqualToMillisecondPrecision() {
		StatusPageDocument page = new StatusPageDocument("e-1", 4, List.of(resolved(), open()));

		StatusPageDocument read = StatusPageCodec.fromDocument(StatusPageCodec.toDocument(page));

		assertThat(read).isEqualTo(page);
		assertThat(read.incidents().get(0).declaredAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00.123Z"));
	}

	@Test
	void noDocumentReadsAsTheEmptyPageAtVersionZero() {
		assertThat(StatusPageCodec.fromDocument(null)).isEqualTo(new StatusPageDocument(null, 0, List.of()));
	}

	@Test
	void anIncidentIsShownWhileOpenWithAWindowAndForNinetyDaysAfterItsResolution() {
		Instant resolvedAt = Instant.parse("2026-11-29T12:00:00Z");

		assertThat(resolved().shownAt(resolvedAt.plus(StatusPageDocument.HISTORY))).isTrue();
		assertThat(resolved().shownAt(resolvedAt.plus(StatusPageDocument.HISTORY).plusMillis(1))).isFalse();
		assertThat(open().shownAt(Instant.parse("2030-01-01T00:00:00Z"))).isTrue();
		StatusPageIncident noWindow = new StatusPageIncident("INC-3", 1, IncidentStatus.OPEN, DECLARED, null, "t",
				List.of(), List.of());
		assertThat(noWindow.shownAt(DECLARED)).isFalse();
	}

}
