package com.nimbus.incidents.command.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.command.incident.CommandContext;
import com.nimbus.incidents.command.incident.EventMetadata;
import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.events.ContractAmended;
import com.nimbus.incidents.events.ContractRegistered;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the {@link Contract} aggregate, given/when/then.
 */
class ContractTest {

	private static final String ID = ContractIds.aggregateId("acme");

	private static final CommandContext NOW = new CommandContext(Instant.parse("2021-12-20T00:00:00Z"),
			Instant.parse("2021-12-20T00:00:00Z"), "finance@nimbus.example");

	private FixtureConfiguration<Contract> fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new AggregateTestFixture<>(Contract.class);
	}

	private static ContractTerms terms(String effectiveFrom, String fee) {
		return new ContractTerms("Acme Retail", 120000, Instant.parse(effectiveFrom),
				List.of(new ServiceTerms("object-storage", List.of("us-east-1"), new Money(new BigDecimal(fee), "USD"),
						new SlaTerms(SlaMeasurement.ERROR_RATE, List.of(), null,
								List.of(new CreditTier(new BigDecimal("99.9"), BigDecimal.TEN))))));
	}

	private static ContractRegistered registered(ContractTerms terms) {
		return new ContractRegistered(terms.customerName(), terms.activeUsers(), terms.effectiveFrom(),
				terms.services());
	}

	@Test
	void theFirstTermsRegisterTheContract() {
		ContractTerms terms = terms("2021-01-01T00:00:00Z", "12000.00");
		this.fixture.givenNoPriorActivity()
			.when(new PutContract(ID, terms, NOW))
			.expectEvents(registered(terms))
			.expectResultMessagePayload(0L);
	}

	@Test
	void laterTermsAmendIt() {
		ContractTerms first = terms("2021-01-01T00:00:00Z", "12000.00");
		ContractTerms raise = terms("2022-01-01T00:00:00Z", "13000.00");
		this.fixture
			.given(GenericEventMessage.asEventMessage(registered(first))
				.withMetaData(EventMetadata.of(first.effectiveFrom(), NOW)))
			.when(new PutContract(ID, raise, NOW))
			.expectEvents(new ContractAmended(raise.customerName(), raise.activeUsers(), raise.effectiveFrom(),
					raise.services()))
			.expectResultMessagePayload(1L);
	}

	@Test
	void anAmendmentCannotPredateTheContract() {
		ContractTerms first = terms("2021-06-01T00:00:00Z", "12000.00");
		this.fixture
			.given(GenericEventMessage.asEventMessage(registered(first))
				.withMetaData(EventMetadata.of(first.effectiveFrom(), NOW)))
			.when(new PutContract(ID, terms("2021-01-01T00:00:00Z", "1.00"), NOW))
			.expectNoEvents()
			.expectException(InvalidCommandInput.class);
	}

}
