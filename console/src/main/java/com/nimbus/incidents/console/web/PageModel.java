package com.nimbus.incidents.console.web;

import java.util.Map;
import java.util.Set;

import com.nimbus.incidents.console.api.Api;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page shows in its header: who is signed in, and the pages and forms their
 * roles open.
 */
@ControllerAdvice
class PageModel {

	private final Api api;

	PageModel(Api api) {
		this.api = api;
	}

	/**
	 * A form's field errors by field name; empty until the API refused what it sent.
	 */
	@ModelAttribute("errors")
	Map<String, String> errors() {
		return Map.of();
	}

	/**
	 * What the user typed in a refused form, to show it again; empty otherwise.
	 */
	@ModelAttribute("values")
	Map<String, String> values() {
		return Map.of();
	}

	@ModelAttribute("user")
	String user() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication == null || authentication instanceof AnonymousAuthenticationToken) ? null
				: authentication.getName();
	}

	/**
	 * What the user's roles let them use, by the APIs' rules (the APIs still decide).
	 */
	@ModelAttribute("allowed")
	Allowed allowed() {
		return Allowed.of(this.api.roles());
	}

	/**
	 * Where the user's home is: their roles' landing page, or the public status page for
	 * someone signed out (the brand link and the error pages lead there).
	 */
	@ModelAttribute("home")
	String home() {
		return (user() != null) ? allowed().landing() : "/status";
	}

	/**
	 * A page or form the user's roles do not open: a page that says so and leads to their
	 * landing page, with status 403 (the menu shows what they may use).
	 */
	@ExceptionHandler(PageAccess.NotAllowed.class)
	ModelAndView notAllowed(PageAccess.NotAllowed refusal) {
		ModelAndView page = new ModelAndView("forbidden", HttpStatus.FORBIDDEN);
		page.addObject("user", user());
		page.addObject("allowed", allowed());
		page.addObject("home", home());
		page.addObject("what", refusal.what());
		return page;
	}

	/**
	 * What each role may do, by the APIs' security rules (the APIs still decide); the
	 * menu, the forms and each user's landing page follow it.
	 *
	 * @param signals read the signals waiting for triage (RESPONDER, VIEWER, ADMIN)
	 * @param attach attach one to an incident (RESPONDER)
	 * @param subscriptions manage subscriptions (RESPONDER, ADMIN)
	 * @param incidents read incidents (VIEWER, RESPONDER, CUSTOMER_SUCCESS)
	 * @param respond declare incidents and write to them (RESPONDER)
	 * @param impact read customers' impact (CUSTOMER_SUCCESS)
	 * @param credits read SLA credits (FINANCE)
	 * @param contracts write contracts (FINANCE)
	 * @param admin edit the catalog of services and regions (ADMIN)
	 */
	record Allowed(boolean signals, boolean attach, boolean subscriptions, boolean incidents, boolean respond,
			boolean impact, boolean credits, boolean contracts, boolean admin) {

		static final Set<String> SIGNAL_READERS = Set.of("RESPONDER", "VIEWER", "ADMIN");

		static final String SIGNAL_ATTACHER = "RESPONDER";

		static final Set<String> SUBSCRIBERS = Set.of("RESPONDER", "ADMIN");

		static final Set<String> INCIDENT_READERS = Set.of("VIEWER", "RESPONDER", "CUSTOMER_SUCCESS");

		static Allowed of(Set<String> roles) {
			return new Allowed(roles.stream().anyMatch(SIGNAL_READERS::contains), roles.contains(SIGNAL_ATTACHER),
					roles.stream().anyMatch(SUBSCRIBERS::contains), roles.stream().anyMatch(INCIDENT_READERS::contains),
					roles.contains("RESPONDER"), roles.contains("CUSTOMER_SUCCESS"), roles.contains("FINANCE"),
					roles.contains("FINANCE"), roles.contains("ADMIN"));
		}

		/**
		 * @return where this user starts: responders and viewers on incidents, customer
		 * success on impact, finance on SLA credits, an administrator on signals, anyone
		 * else on the public status page
		 */
		public String landing() {
			if (this.respond || (this.incidents && !this.impact && !this.credits)) {
				return "/incidents";
			}
			if (this.impact) {
				return "/impact";
			}
			if (this.credits) {
				return "/sla";
			}
			if (this.signals) {
				return "/signals";
			}
			return "/status";
		}

	}

}
