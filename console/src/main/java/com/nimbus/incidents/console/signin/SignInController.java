package com.nimbus.incidents.console.signin;

import java.time.Duration;
import java.util.List;

import com.nimbus.incidents.console.ConsoleProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Local sign-in: pick who you are and your roles; the console keeps the signed token in
 * your session and sends it with every call to the APIs. Anyone reaching the page can be
 * anyone, ADMIN included, so it runs only on a laptop (see
 * {@link ConsoleProperties#signInOf}), says so on the page, and logs a warning at start.
 * <p>
 * It sets the security context by hand, so it also does what Spring Security's login
 * filters do to the session: a new session id and a new CSRF token
 * ({@code signInSessionStrategy}), so an id planted before sign-in is worth nothing after
 * it.
 */
@ConditionalOnSignIn(ConsoleProperties.LOCAL)
@Controller
class SignInController {

	static final List<String> ROLES = List.of("RESPONDER", "CUSTOMER_SUCCESS", "FINANCE", "VIEWER", "ADMIN");

	private static final Logger logger = LoggerFactory.getLogger(SignInController.class);

	private final LocalSigner signer;

	private final SecurityContextRepository contexts;

	private final SessionAuthenticationStrategy sessions;

	SignInController(LocalSigner signer, SecurityContextRepository contexts, SessionAuthenticationStrategy sessions) {
		this.signer = signer;
		this.contexts = contexts;
		this.sessions = sessions;
		logger.warn("Local sign-in is on: anyone who reaches this console signs in as anyone, with any role, "
				+ "ADMIN included. For a laptop only; set console.sign-in=oidc anywhere else.");
	}

	/**
	 * The sign-in form; it carries where the user goes next: the page they opened before
	 * being sent here, or a {@code next} path on this console (anything else is dropped).
	 */
	@GetMapping("/login")
	String form(@RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		String safe = ContinueTo.safe(next);
		model.addAttribute("roles", ROLES);
		model.addAttribute("next", (safe != null) ? safe : ContinueTo.savedPage(request, response));
		return "login";
	}

	/**
	 * Signs in and goes on to the page the form carries when it is a path on this
	 * console, otherwise to {@code /}, which sends each user to their roles' landing
	 * page.
	 */
	@PostMapping("/login")
	String signIn(@RequestParam(defaultValue = "") String user, @RequestParam(required = false) List<String> role,
			@RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		List<String> roles = (role != null) ? role.stream().filter(ROLES::contains).toList() : List.of();
		if (!user.strip().matches("[^\\s@]+@[^\\s@]+") || user.length() > 200 || roles.isEmpty()) {
			model.addAttribute("roles", ROLES);
			model.addAttribute("user", user);
			model.addAttribute("chosen", roles);
			model.addAttribute("next", ContinueTo.safe(next));
			model.addAttribute("error", user.strip().matches("[^\\s@]+@[^\\s@]+") && user.length() <= 200
					? "Pick at least one role" : "Enter your email address, such as alice@example.com");
			return "login";
		}
		String token = this.signer.sign(user.strip(), roles, Duration.ofHours(12));
		var authentication = new UsernamePasswordAuthenticationToken(user.strip(), token,
				roles.stream().map((r) -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
		this.sessions.onAuthentication(authentication, request, response);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		String safe = ContinueTo.safe(next);
		ContinueTo.forget(request, response);
		return "redirect:" + ((safe != null) ? safe : ContinueTo.HOME);
	}

}
