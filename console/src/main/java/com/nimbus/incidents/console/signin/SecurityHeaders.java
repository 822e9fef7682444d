package com.nimbus.incidents.console.signin;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The headers every console response carries, so that text someone typed cannot become
 * code even if a page forgot to escape it, and so that no other site can frame or sniff
 * the console.
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts, styles, fonts and connections from the
 * console itself only; no inline script, no inline style, no {@code eval} (htmx is
 * configured not to need them, see {@code layout.html}); images from the console or
 * {@code data:}; no plugins; {@code <base>} and form targets pinned to the console; no
 * framing.</li>
 * <li>{@code X-Content-Type-Options: nosniff}: a browser never runs an answer as a type
 * it was not declared as.</li>
 * <li>{@code Referrer-Policy: same-origin}: incident ids in URLs do not leak to other
 * sites through links in a note.</li>
 * <li>{@code X-Frame-Options: DENY}: {@code frame-ancestors 'none'} for browsers that
 * predate it.</li>
 * </ul>
 */
final class SecurityHeaders {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	private SecurityHeaders() {
	}

	static void apply(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.contentTypeOptions(Customizer.withDefaults())
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
			.frameOptions((frames) -> frames.deny());
	}

}
