package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.nimbus.incidents.query.contract.ContractBook;
import com.nimbus.incidents.query.contract.ContractVersion;
import com.nimbus.incidents.query.incident.InvalidQuery;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Finance's SLA credit report for a month: one line per customer and contracted service,
 * computed from the two logs as known at {@code knownAt}, with open windows running to
 * {@code asOf}. JSON, or CSV on {@code Accept: text/csv} (see {@link CreditCsv}).
 */
@RestController
class CreditReportController {

	static final MediaType TEXT_CSV = new MediaType("text", "csv");

	private final ContractBook contracts;

	private final ImpactFacts facts;

	private final Clock clock;

	CreditReportController(ContractBook contracts, ImpactFacts facts, Clock clock) {
		this.contracts = contracts;
		this.facts = facts;
		this.clock = clock;
	}

	CreditReport report(String month, String customerId, String asOf, String knownAt) {
		YearMonth yearMonth = month(month);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Instant asOfTime = (asOf != null) ? instant("asOf", asOf) : now;
		Instant knownAtTime = (knownAt != null) ? instant("knownAt", knownAt) : now;
		Map<String, List<ContractVersion>> versions = (customerId != null)
				? Map.of(customerId, this.contracts.of(customerId, knownAtTime)) : this.contracts.all(knownAtTime);
		List<CreditWindow> windows = this.facts.windows(yearMonth, knownAtTime, now);
		List<CreditLine> lines = new ArrayList<>();
		versions.forEach((customer, known) -> lines.addAll(CreditRules.lines(yearMonth, asOfTime, known, windows)));
		lines.sort(Comparator.comparing(CreditLine::customerId).thenComparing(CreditLine::service));
		Map<String, BigDecimal> totals = new TreeMap<>();
		lines.forEach(
				(line) -> totals.merge(line.creditAmount().currency(), line.creditAmount().amount(), BigDecimal::add));
		return new CreditReport(yearMonth.toString(), asOfTime, knownAtTime,
				lines.stream().map(CreditReport.Line::of).toList(),
				totals.entrySet()
					.stream()
					.map((total) -> new CreditReport.Total(total.getKey(), total.getValue()))
					.toList());
	}

	@GetMapping(path = "/api/sla/credits", produces = MediaType.APPLICATION_JSON_VALUE)
	CreditReport json(@RequestParam(required = false) String month, @RequestParam(required = false) String customerId,
			@RequestParam(required = false) String asOf, @RequestParam(required = false) String knownAt) {
		return report(month, customerId, asOf, knownAt);
	}

	@GetMapping(path = "/api/sla/credits", produces = "text/csv")
	ResponseEntity<String> csv(@RequestParam(required = false) String month,
			@RequestParam(required = false) String customerId, @RequestParam(required = false) String asOf,
			@RequestParam(required = false) String knownAt) {
		CreditReport report = report(month, customerId, asOf, knownAt);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.header("Content-Disposition", "attachment; filename=\"sla-credits-" + report.month() + ".csv\"")
			.body(CreditCsv.of(report));
	}

	private static YearMonth month(String month) {
		if (month == null) {
			throw new InvalidQuery("month", "month is required, as YYYY-MM such as 2021-12");
		}
		try {
			if (month.matches("\\d{4}-\\d{2}")) {
				return YearMonth.parse(month);
			}
		}
		catch (DateTimeParseException ex) {
			// reported below
		}
		throw new InvalidQuery("month", "month must be YYYY-MM such as 2021-12 (got " + month + ")");
	}

	private static Instant instant(String name, String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidQuery(name,
					name + " must be an ISO-8601 UTC time such as 2022-01-03T00:00:00Z (got " + value + ")");
		}
	}

}
