package com.nimbus.incidents.console.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reason-for-outage draft goes on the page unescaped, so whatever a responder typed
 * must come out of the renderer as text, and links only to the web or to mail.
 */
class SafeMarkdownTest {

	private final SafeMarkdown markdown = new SafeMarkdown();

	@Test
	void aJavascriptLinkLosesItsUrlAndKeepsItsText() {
		assertThat(this.markdown.render("[runbook](javascript:alert(1))"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"\">runbook</a></p>\n");
		assertThat(this.markdown.render("[runbook](JavaScript:window.__xss=1)"))
			.doesNotContainIgnoringCase("javascript");
		assertThat(this.markdown.render("[runbook]( java&#09;script:alert(1) )")).doesNotContain("script:");
		assertThat(this.markdown.render("<javascript:alert(1)>")).doesNotContain("href=\"javascript");
	}

	@Test
	void dataAndVbscriptUrlsAreDroppedFromLinksAndImages() {
		assertThat(this.markdown.render("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"\">x</a></p>\n");
		assertThat(this.markdown.render("[x](vbscript:msgbox(1))"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"\">x</a></p>\n");
		assertThat(this.markdown.render("![chart](javascript:alert(1))"))
			.isEqualTo("<p><img src=\"\" alt=\"chart\" /></p>\n");
		assertThat(this.markdown.render("![chart](data:image/svg+xml;base64,PHN2Zz4=)"))
			.isEqualTo("<p><img src=\"\" alt=\"chart\" /></p>\n");
	}

	@Test
	void rawHtmlIsShownAsText() {
		assertThat(this.markdown.render("<script>window.__xss=1</script>"))
			.isEqualTo("<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p>\n");
		assertThat(this.markdown.render("a <img src=x onerror=\"window.__xss=1\"> b"))
			.isEqualTo("<p>a &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; b</p>\n");
		assertThat(this.markdown.render("\"><svg onload=window.__xss=1>")).doesNotContain("<svg");
	}

	@Test
	void aLinkTitleCannotBreakOutOfItsAttribute() {
		assertThat(this.markdown.render("[x](https://example.com \"a\\\" onmouseover=\\\"alert(1)\")")).isEqualTo(
				"<p><a rel=\"nofollow\" href=\"https://example.com\" title=\"a&quot; onmouseover=&quot;alert(1)\">"
						+ "x</a></p>\n");
	}

	@Test
	void webAndMailLinksAreKept() {
		assertThat(this.markdown.render("[status](https://status.example.com/a?b=1&c=2)"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"https://status.example.com/a?b=1&amp;c=2\">status</a></p>\n");
		assertThat(this.markdown.render("[old](http://example.com)"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"http://example.com\">old</a></p>\n");
		assertThat(this.markdown.render("[sre](mailto:sre@example.com)"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"mailto:sre@example.com\">sre</a></p>\n");
		assertThat(this.markdown.render("[timeline](/incidents/INC-1)"))
			.isEqualTo("<p><a rel=\"nofollow\" href=\"/incidents/INC-1\">timeline</a></p>\n");
	}

	@Test
	void aTableRendersAsATable() {
		assertThat(this.markdown.render("| | |\n|---|---|\n| Severity | SEV1 |\n| Status | <b>RESOLVED</b> |\n"))
			.isEqualTo("""
					<table>
					<thead>
					<tr>
					<th></th>
					<th></th>
					</tr>
					</thead>
					<tbody>
					<tr>
					<td>Severity</td>
					<td>SEV1</td>
					</tr>
					<tr>
					<td>Status</td>
					<td>&lt;b&gt;RESOLVED&lt;/b&gt;</td>
					</tr>
					</tbody>
					</table>
					""");
	}

	@Test
	void templateExpressionsStayText() {
		assertThat(this.markdown.render("{{7*7}}")).isEqualTo("<p>{{7*7}}</p>\n");
		assertThat(this.markdown.render("[[${7*7}]]")).isEqualTo("<p>[[${7*7}]]</p>\n");
		assertThat(this.markdown.render("=HYPERLINK(\"http://evil\",\"x\")"))
			.isEqualTo("<p>=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</p>\n");
	}

	@Test
	void aTableTypedInAPostmortemFieldRendersWithItsAlignmentAndItsCellsAsText() {
		assertThat(this.markdown.render(
				"| Step | Minutes |\n|:---|---:|\n| Detect | 11 |\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |\n"))
			.isEqualTo("""
					<table>
					<thead>
					<tr>
					<th align="left">Step</th>
					<th align="right">Minutes</th>
					</tr>
					</thead>
					<tbody>
					<tr>
					<td align="left">Detect</td>
					<td align="right">11</td>
					</tr>
					<tr>
					<td align="left">&lt;img src=x onerror=alert(1)&gt;</td>
					<td align="right"><a rel="nofollow" href="">x</a></td>
					</tr>
					</tbody>
					</table>
					""");
	}

}
