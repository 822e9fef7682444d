package com.nimbus.incidents.command.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbus.incidents.support.web.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A problem detail written by a servlet filter, which answers before Spring MVC (and its
 * problem-detail handling) is reached.
 */
public final class FilterProblems {

	private FilterProblems() {
	}

	static void write(HttpServletResponse response, JsonMapper json, int status, String type, String title,
			String detail) throws IOException {
		write(response, json, status, type, title, detail, Map.of());
	}

	/**
	 * @param extra members after the standard ones, such as {@code errors}
	 */
	public static void write(HttpServletResponse response, JsonMapper json, int status, String type, String title,
			String detail, Map<String, Object> extra) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ProblemTypes.BASE + type);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.putAll(extra);
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.getOutputStream().write(json.writeValueAsBytes(problem));
	}

}
