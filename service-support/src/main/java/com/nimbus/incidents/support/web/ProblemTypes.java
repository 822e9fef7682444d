package com.nimbus.incidents.support.web;

import java.net.URI;

/**
 * The problem types every service's errors name: one base URI, one stable suffix per kind
 * of error ({@code not-found}, {@code forbidden}, {@code too-large} ...).
 */
public final class ProblemTypes {

	/** What every problem {@code type} starts with. */
	public static final String BASE = "https://incidents.nimbus.example/problems/";

	private ProblemTypes() {
	}

	/**
	 * @param type the stable suffix, such as {@code invalid-input}
	 */
	public static URI of(String type) {
		return URI.create(BASE + type);
	}

}
