package com.nimbus.incidents.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;

/**
 * Every service answers {@code /error} with a problem detail (see {@link ErrorEndpoint})
 * instead of Boot's error page; it comes before Boot's error configuration, which then
 * backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ErrorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErrorController.class)
	ErrorEndpoint errorEndpoint() {
		return new ErrorEndpoint();
	}

}
