package com.nimbus.incidents.command.contract;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.nimbus.incidents.command.contract.ContractRequests.PutContractRequest;
import com.nimbus.incidents.command.contract.ContractRequests.ServiceRequest;
import com.nimbus.incidents.command.incident.CommandContext;
import com.nimbus.incidents.command.incident.InvalidCommandInput;
import com.nimbus.incidents.events.ContractTerms;
import com.nimbus.incidents.events.CreditTier;
import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.ServiceTerms;
import com.nimbus.incidents.events.SlaMeasurement;
import com.nimbus.incidents.events.SlaTerms;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.RestController;

/**
 * Finance registers or amends a customer's contract; each call is a
 * {@code ContractRegistered} or {@code ContractAmended} event on {@code contract-events}.
 */
@RestController
class ContractController {

	private final CommandGateway commands;

	private final Clock clock;

	ContractController(CommandGateway commands, Clock clock) {
		this.commands = commands;
		this.clock = clock;
	}

	record ContractAccepted(String customerId, long version) {
	}

	@PutMapping("/api/contracts/{customerId}")
	ContractAccepted put(@PathVariable String customerId, @Valid @RequestBody PutContractRequest request,
			@AuthenticationPrincipal Jwt caller) {
		if (!customerId.matches(ContractRequests.NAME_PATTERN)) {
			throw new InvalidCommandInput("customerId", "customerId " + ContractRequests.NAME_RULE);
		}
		ContractTerms terms = new ContractTerms(request.customerName(), request.activeUsers(),
				request.effectiveFrom().truncatedTo(ChronoUnit.MILLIS), services(request.services()));
		var now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String who = caller.getSubject();
		Object version = this.commands.sendAndWait(
				new PutContract(ContractIds.aggregateId(customerId), terms, new CommandContext(now, now, who)), 30,
				TimeUnit.SECONDS);
		return new ContractAccepted(customerId, ((Number) version).longValue());
	}

	private static List<ServiceTerms> services(List<ServiceRequest> requested) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < requested.size(); i++) {
			ServiceRequest service = requested.get(i);
			String field = "services[" + i + "]";
			if (!seen.add(service.service())) {
				throw new InvalidCommandInput(field + ".service", "service " + service.service() + " is listed twice");
			}
			try {
				Currency currency = Currency.getInstance(service.monthlyFee().currency());
				if (service.monthlyFee().amount().stripTrailingZeros().scale() > Math.max(0,
						currency.getDefaultFractionDigits())) {
					throw new InvalidCommandInput(field + ".monthlyFee.amount", "amount has more decimals than "
							+ currency.getCurrencyCode() + " has (" + currency.getDefaultFractionDigits() + ")");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidCommandInput(field + ".monthlyFee.currency",
						"currency " + service.monthlyFee().currency() + " is not an ISO-4217 code");
			}
			var sla = service.sla();
			var tiers = sla.tiers()
				.stream()
				.sorted(java.util.Comparator.comparing(ContractRequests.TierRequest::below).reversed())
				.toList();
			for (int t = 1; t < tiers.size(); t++) {
				if (tiers.get(t).below().compareTo(tiers.get(t - 1).below()) == 0
						|| tiers.get(t).creditPercent().compareTo(tiers.get(t - 1).creditPercent()) < 0) {
					throw new InvalidCommandInput(field + ".sla.tiers",
							"tiers need distinct thresholds, and a lower threshold may not earn less credit");
				}
			}
			if (sla.measurement() == SlaMeasurement.AVAILABILITY
					&& (sla.downtimeLevels() == null || sla.downtimeLevels().isEmpty())
					&& sla.downtimeErrorRate() == null) {
				throw new InvalidCommandInput(field + ".sla.downtimeLevels",
						"an AVAILABILITY SLA needs downtimeLevels, downtimeErrorRate, or both");
			}
		}
		return requested.stream()
			.map((service) -> new ServiceTerms(service.service(), service.regions(),
					new Money(service.monthlyFee().amount(), service.monthlyFee().currency()),
					new SlaTerms(service.sla().measurement(), service.sla().downtimeLevels(),
							service.sla().downtimeErrorRate(),
							service.sla()
								.tiers()
								.stream()
								.map((tier) -> new CreditTier(tier.below(), tier.creditPercent()))
								.toList())))
			.toList();
	}

}
