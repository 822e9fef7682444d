package com.nimbus.incidents.console.signin;

import com.nimbus.incidents.console.ConsoleProperties;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches {@link ConditionalOnSignIn} against the configured sign-in. Binds the two
 * settings the way {@link ConsoleProperties} is bound (relaxed names, environment
 * variables such as {@code CONSOLE_LOCAL_KEY_DIR}), so the beans and the properties never
 * disagree.
 */
class OnSignInCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String wanted = (String) metadata.getAnnotationAttributes(ConditionalOnSignIn.class.getName()).get("value");
		Binder binder = Binder.get(context.getEnvironment());
		String signIn = binder.bind("console.sign-in", String.class).orElse(null);
		String localKeyDir = binder.bind("console.local-key-dir", String.class).orElse(null);
		String actual = ConsoleProperties.signInOf(signIn, localKeyDir);
		return new ConditionOutcome(wanted.equals(actual), "console sign-in is " + actual);
	}

}
