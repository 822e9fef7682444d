package com.nimbus.incidents.query.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiLocaleCustomizer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The status page is rendered on a schedule ({@link StatusPageRefresher}) and served by a
 * filter ahead of all others ({@link StatusPageFilter}); its answer is described in the
 * OpenAPI document here, since no controller declares it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StatusPageConfiguration {

	@Bean
	FilterRegistrationBean<StatusPageFilter> statusPageFilter(StatusPageRefresher pages,
			StatusPageProperties properties, MeterRegistry meters) {
		FilterRegistrationBean<StatusPageFilter> registration = new FilterRegistrationBean<>(new StatusPageFilter(
				StatusPageFilter.PATH, "application/json", "page", pages::current, properties, meters));
		registration.addUrlPatterns(StatusPageFilter.PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<StatusPageFilter> statusFeedFilter(StatusFeedRefresher feeds,
			StatusPageProperties properties, MeterRegistry meters) {
		FilterRegistrationBean<StatusPageFilter> registration = new FilterRegistrationBean<>(
				new StatusPageFilter(StatusPageFilter.FEED_PATH, StatusFeedRenderer.CONTENT_TYPE, "feed",
						feeds::current, properties, meters));
		registration.addUrlPatterns(StatusPageFilter.FEED_PATH);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * A locale customizer, because springdoc runs those before every
	 * {@code OpenApiCustomizer}: the document's own customizers (operation names, problem
	 * responses) then see these paths too.
	 */
	@Bean
	OpenApiLocaleCustomizer statusPageDocumentation() {
		return (openApi, locale) -> {
			ResolvedSchema page = ModelConverters.getInstance()
				.resolveAsResolvedSchema(
						new io.swagger.v3.core.converter.AnnotatedType(StatusPage.class).resolveAsRef(true));
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			page.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
			ApiResponses responses = new ApiResponses()
				.addApiResponse("200",
						new ApiResponse().description("The page, from memory; ETag and Cache-Control")
							.content(new Content().addMediaType("application/json",
									new MediaType().schema(page.schema))))
				.addApiResponse("304", new ApiResponse().description("If-None-Match names the current page"))
				.addApiResponse("503", new ApiResponse().description("Not rendered yet since the start; Retry-After"));
			openApi.path(StatusPageFilter.PATH,
					new PathItem().get(new Operation().operationId("status")
						.summary("The public status page: components, active incidents, 90 days of history and uptime")
						.responses(responses)));
			ApiResponses feedResponses = new ApiResponses().addApiResponse("200",
					new ApiResponse().description("The latest 50 public changes, newest first; ETag and Cache-Control")
						.content(new Content().addMediaType(StatusFeedRenderer.CONTENT_TYPE, new MediaType())))
				.addApiResponse("304", new ApiResponse().description("If-None-Match names the current feed"))
				.addApiResponse("503", new ApiResponse().description("Not rendered yet since the start; Retry-After"));
			openApi.path(StatusPageFilter.FEED_PATH,
					new PathItem().get(new Operation().operationId("statusFeed")
						.summary("Atom feed of public status updates and impact changes, without sign-in")
						.responses(feedResponses)));
		};
	}

}
