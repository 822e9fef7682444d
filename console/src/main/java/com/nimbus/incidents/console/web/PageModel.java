package com.nimbus.incidents.console.web;

import java.util.Map;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page shows in its header: who is signed in.
 */
@ControllerAdvice
class PageModel {

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

}
