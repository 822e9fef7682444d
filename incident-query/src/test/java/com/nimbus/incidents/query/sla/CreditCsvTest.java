package com.nimbus.incidents.query.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.Money;
import com.nimbus.incidents.events.SlaMeasurement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditCsvTest {

	@Test
	void textThatASpreadsheetWouldRunIsPrefixedWithAQuoteAndQuoted() {
		assertThat(CreditCsv.text("=HYPERLINK(\"https://evil.example\",\"x\")"))
			.isEqualTo("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"");
		assertThat(CreditCsv.text("+1+1")).isEqualTo("\"'+1+1\"");
		assertThat(CreditCsv.text("-2+3+cmd|' /C calc'!A0")).isEqualTo("\"'-2+3+cmd|' /C calc'!A0\"");
		assertThat(CreditCsv.text("@SUM(A1:A9)")).isEqualTo("\"'@SUM(A1:A9)\"");
		assertThat(CreditCsv.text("\t=1")).isEqualTo("\"'\t=1\"");
		assertThat(CreditCsv.text("\r=1")).isEqualTo("\"'\r=1\"");
	}

	@Test
	void ordinaryTextIsWrittenAsItIsAndQuotedOnlyWhenItMustBe() {
		assertThat(CreditCsv.text("Globex Logistics")).isEqualTo("Globex Logistics");
		assertThat(CreditCsv.text("a=b")).isEqualTo("a=b");
		assertThat(CreditCsv.text("Acme, Inc.")).isEqualTo("\"Acme, Inc.\"");
		assertThat(CreditCsv.text("the \"big\" one")).isEqualTo("\"the \"\"big\"\" one\"");
		assertThat(CreditCsv.text(null)).isEmpty();
	}

	@Test
	void aReportLineNeutralisesTheCustomersTextAndKeepsTheNumbers() {
		CreditReport report = new CreditReport("2021-12", Instant.parse("2022-01-03T00:00:00Z"), null,
				List.of(new CreditReport.Line("=cmd", "@Mallory Corp", "compute-api", SlaMeasurement.AVAILABILITY,
						new BigDecimal("32280"), Duration.ofSeconds(32280), new BigDecimal("98.7948"),
						new BigDecimal("30"), new Money(new BigDecimal("30500.00"), "USD"),
						new Money(new BigDecimal("9150.00"), "USD"), false,
						List.of(new CreditReport.Window("INC-1", "-evil", "us-east-1",
								Instant.parse("2021-12-07T15:30:00Z"), Instant.parse("2021-12-08T00:28:00Z"),
								Duration.ofSeconds(32280))))),
				List.of());

		assertThat(CreditCsv.of(report).lines().toList()).containsExactly(String.join(",", CreditCsv.HEADER),
				"2021-12,\"'=cmd\",\"'@Mallory Corp\",compute-api,AVAILABILITY,32280,PT8H58M,98.7948,30,30500.00,USD,"
						+ "9150.00,false,INC-1/-evil@us-east-1=PT8H58M,2022-01-03T00:00:00Z,");
	}

}
