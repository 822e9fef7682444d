package com.nimbus.incidents.console.web;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML that is safe to put on a page unescaped ({@code th:utext}): the
 * reason-for-outage draft is built from what responders typed, so anything in it may be
 * hostile.
 * <ul>
 * <li>Raw HTML, block or inline, is written out as text ({@code escapeHtml}): a
 * {@code <script>} or {@code <img onerror>} shows as what was typed.</li>
 * <li>Link and image URLs keep only the {@code http}, {@code https} and {@code mailto}
 * schemes; any other scheme ({@code javascript:}, {@code vbscript:}, {@code data:},
 * {@code file:}) leaves an empty URL. URLs without a scheme stay: relative ones point at
 * the console, {@code //host} ones are http or https. Links also get
 * {@code rel="nofollow"}.</li>
 * <li>GitHub-style tables, because the draft has them.</li>
 * </ul>
 * The parser and the renderer are immutable and thread-safe, so one instance serves every
 * request.
 */
final class SafeMarkdown {

	/** The only URL schemes a rendered link or image may carry. */
	static final List<String> ALLOWED_SCHEMES = List.of("http", "https", "mailto");

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.escapeHtml(true)
		.sanitizeUrls(true)
		.urlSanitizer(new DefaultUrlSanitizer(ALLOWED_SCHEMES))
		.build();

	String render(String markdown) {
		return this.renderer.render(this.parser.parse((markdown != null) ? markdown : ""));
	}

}
