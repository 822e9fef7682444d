package com.nimbus.incidents.command.idempotency;

import java.util.List;
import java.util.Map;

import com.nimbus.incidents.command.idempotency.WriteTarget.Kind;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ImpactReported;
import com.nimbus.incidents.events.NoteAdded;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WriteTargetTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aDeclarationIsGivenANewIncidentId() {
		WriteTarget target = WriteTarget.of("POST", "/api/incidents");

		assertThat(target.kind()).isEqualTo(Kind.DECLARE);
		assertThat(target.aggregateId()).matches("INC-[0-9A-HJKMNP-TV-Z]{10}");
		assertThat(WriteTarget.of("POST", "/api/incidents").aggregateId()).isNotEqualTo(target.aggregateId());
	}

	@Test
	void aWriteToAnIncidentNamesIt() {
		assertThat(WriteTarget.of("POST", "/api/incidents/INC-0123456789/notes"))
			.isEqualTo(new WriteTarget(Kind.INCIDENT, "INC-0123456789"));
		assertThat(WriteTarget.of("DELETE", "/api/incidents/INC-0123456789/responders/ann/COMMANDER"))
			.isEqualTo(new WriteTarget(Kind.INCIDENT, "INC-0123456789"));
		assertThat(WriteTarget.of("POST", "/api/incidents/INC-0123456789/impacts"))
			.isEqualTo(new WriteTarget(Kind.REPORT_IMPACT, "INC-0123456789"));
		assertThat(WriteTarget.of("POST", "/api/incidents/INC-0123456789/impacts/IMP-1/end"))
			.isEqualTo(new WriteTarget(Kind.INCIDENT, "INC-0123456789"));
	}

	@Test
	void aContractIsTheCustomersContractAggregate() {
		assertThat(WriteTarget.of("PUT", "/api/contracts/acme"))
			.isEqualTo(new WriteTarget(Kind.CONTRACT, "contract:acme"));
		assertThat(WriteTarget.of("POST", "/api/other")).isNull();
	}

	@Test
	void theAnswerIsTheControllersFromTheLastEventOfTheRequest() {
		var first = new GenericDomainEventMessage<>("Incident", "INC-0123456789", 7,
				new ImpactReported("IMP-ABC", "api", "eu", ImpactLevel.MAJOR_OUTAGE, null, null, null, null, List.of()),
				Map.of());
		var second = new GenericDomainEventMessage<>("Incident", "INC-0123456789", 8, new NoteAdded("x"), Map.of());

		Answer impact = new WriteTarget(Kind.REPORT_IMPACT, "INC-0123456789").answer(List.of(first, second), this.json);
		Answer declared = new WriteTarget(Kind.DECLARE, "INC-0123456789").answer(List.of(first), this.json);
		Answer contract = new WriteTarget(Kind.CONTRACT, "contract:acme").answer(List.of(second), this.json);

		assertThat(impact).isEqualTo(new Answer(201, "application/json", null,
				"{\"incidentId\":\"INC-0123456789\",\"impactId\":\"IMP-ABC\",\"version\":8}"));
		assertThat(declared).isEqualTo(new Answer(201, "application/json", "/api/incidents/INC-0123456789",
				"{\"incidentId\":\"INC-0123456789\",\"version\":7}"));
		assertThat(contract)
			.isEqualTo(new Answer(200, "application/json", null, "{\"customerId\":\"acme\",\"version\":8}"));
	}

}
