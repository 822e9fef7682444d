package com.nimbus.incidents.console.signin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.nimbus.incidents.console.ConsoleProperties;

import org.springframework.context.annotation.Conditional;

/**
 * A bean for one way of signing in only, decided as {@link ConsoleProperties#signInOf}
 * decides it: a plain {@code @ConditionalOnProperty} cannot say "local when the key
 * directory is set, OpenID Connect otherwise".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnSignInCondition.class)
@interface ConditionalOnSignIn {

	/**
	 * @return {@link ConsoleProperties#LOCAL} or {@link ConsoleProperties#OIDC}
	 */
	String value();

}
