package com.nimbus.incidents.console.signin;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Where a sign-in continues: the page the user asked for before they were sent to sign in
 * (Spring Security's saved request), or a {@code continue} parameter, but only a path on
 * this console: {@code /incidents/INC-1?x=y}. Anything that could leave it
 * ({@code //evil.example}, {@code https://evil.example}, {@code /\evil.example}, a
 * scheme, a host, control characters) is refused and the user starts on their landing
 * page ({@code /}).
 */
final class ContinueTo {

	static final String HOME = "/";

	private static final int MAX_LENGTH = 2000;

	private static final RequestCache saved = new HttpSessionRequestCache();

	private ContinueTo() {
	}

	/**
	 * @param value a path the user wants to go to after sign-in
	 * @return it when it is a relative path on this console, otherwise {@code null}
	 */
	static String safe(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !value.startsWith("/")
				|| value.startsWith("//") || value.contains("\\")
				|| value.chars().anyMatch((c) -> c < 0x21 || c == 0x7f) || value.startsWith("/login")
				|| value.startsWith("/logout")) {
			return null;
		}
		try {
			URI uri = new URI(value);
			return (uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
					&& uri.getRawPath().startsWith("/")) ? value : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * The page the user was sent away from to sign in, as a path on this console without
	 * Spring Security's {@code continue} marker; {@code null} when there is none.
	 */
	static String savedPage(HttpServletRequest request, HttpServletResponse response) {
		SavedRequest page = saved.getRequest(request, response);
		if (page == null || !"GET".equals(page.getMethod())) {
			return null;
		}
		try {
			URI uri = new URI(page.getRedirectUrl());
			String query = (uri.getRawQuery() != null)
					? uri.getRawQuery().replaceAll("(^|&)continue(=[^&]*)?", "").replaceAll("^&", "") : "";
			return safe(uri.getRawPath() + (query.isEmpty() ? "" : "?" + query));
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Forgets the saved page once the sign-in has used it.
	 */
	static void forget(HttpServletRequest request, HttpServletResponse response) {
		saved.removeRequest(request, response);
	}

}
