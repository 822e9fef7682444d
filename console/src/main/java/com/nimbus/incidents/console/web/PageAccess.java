package com.nimbus.incidents.console.web;

import java.util.List;
import java.util.function.Predicate;

import com.nimbus.incidents.console.api.Api;
import com.nimbus.incidents.console.web.PageModel.Allowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which pages and forms each role may use, by the same rules as the APIs (see
 * {@link Allowed}): a page the user's roles may not read, or a form they may not send, is
 * answered by a friendly 403 page that leads to their own landing page, before any API is
 * called; nothing the user typed reaches the platform. The APIs still decide; this only
 * spares the user a page of refusals.
 */
@Component
class PageAccess implements HandlerInterceptor, WebMvcConfigurer {

	/**
	 * A page or form and who may use it.
	 *
	 * @param method the HTTP method, or {@code null} for any
	 * @param prefix the page's path; the pages under it follow the same rule
	 * @param what what the page is, in words, for the refusal
	 * @param rule who may
	 */
	record Rule(String method, String prefix, String what, Predicate<Allowed> rule) {

		boolean matches(String requestMethod, String path) {
			boolean method = this.method == null || this.method.equals(requestMethod);
			return method && (path.equals(this.prefix) || path.startsWith(this.prefix + "/"));
		}

	}

	static final List<Rule> RULES = List.of(
			new Rule("POST", "/incidents", "declaring and updating incidents", Allowed::respond),
			new Rule(null, "/incidents", "incidents", Allowed::incidents),
			new Rule("POST", "/signals", "attaching signals", Allowed::attach),
			new Rule(null, "/signals", "signals", Allowed::signals),
			new Rule(null, "/subscriptions", "subscriptions", Allowed::subscriptions),
			new Rule(null, "/impact", "customers' impact", Allowed::impact),
			new Rule(null, "/sla", "SLA credits", Allowed::credits),
			new Rule(null, "/sla.csv", "SLA credits", Allowed::credits),
			new Rule(null, "/catalog", "the catalog of services and regions", Allowed::admin));

	/**
	 * The user's roles do not open this page or form.
	 */
	static final class NotAllowed extends RuntimeException {

		private final String what;

		NotAllowed(String what) {
			super("Your roles do not open " + what, null, false, false);
			this.what = what;
		}

		String what() {
			return this.what;
		}

	}

	private final Api api;

	PageAccess(Api api) {
		this.api = api;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		for (Rule rule : RULES) {
			if (rule.matches(request.getMethod(), path)) {
				if (!rule.rule().test(Allowed.of(this.api.roles()))) {
					throw new NotAllowed(rule.what());
				}
				return true;
			}
		}
		return true;
	}

}
