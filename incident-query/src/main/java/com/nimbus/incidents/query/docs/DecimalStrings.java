package com.nimbus.incidents.query.docs;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.PropertyCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Money and percentages leave this service as decimal strings ({@code "12000.00"},
 * {@code "99.9583"}): every {@link BigDecimal} written with
 * {@code @JsonFormat(shape = STRING)} is documented as a string with a decimal pattern,
 * and so are the status page's daily uptime shares. Decimals that travel as JSON numbers
 * (an impact's {@code errorRate}, {@code downtimeSeconds}) stay numbers, as they are.
 */
@Configuration(proxyBeanMethods = false)
class DecimalStrings {

	/** A decimal written out: an optional sign, digits, an optional fraction. */
	static final String PATTERN = "^-?\\d+(\\.\\d+)?$";

	@Bean
	PropertyCustomizer decimalStringProperties() {
		return (property, type) -> (property != null && BigDecimal.class.equals(rawClass(type.getType()))
				&& asString(type.getCtxAnnotations())) ? decimal("A decimal as a string") : property;
	}

	/**
	 * The status page's uptime bars: one share a day, four decimals, as strings.
	 */
	static void uptimeShares(OpenAPI openApi) {
		if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
			return;
		}
		Schema<?> uptime = openApi.getComponents().getSchemas().get("ComponentUptime");
		if (uptime == null || uptime.getProperties() == null || uptime.getProperties().get("daily") == null) {
			return;
		}
		Schema<?> items = uptime.getProperties().get("daily").getItems();
		boolean text = items != null && ("string".equals(items.getType())
				|| (items.getTypes() != null && items.getTypes().contains("string")));
		if (text) {
			uptime.getProperties()
				.get("daily")
				.setItems(decimal("The share of the day the component was up, 0.0000 to 1.0000"));
		}
	}

	static Schema<String> decimal(String description) {
		return new StringSchema().pattern(PATTERN).description(description);
	}

	private static boolean asString(Annotation[] annotations) {
		if (annotations == null) {
			return false;
		}
		for (Annotation annotation : annotations) {
			if (annotation instanceof JsonFormat format && format.shape() == JsonFormat.Shape.STRING) {
				return true;
			}
		}
		return false;
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> raw) {
			return raw;
		}
		if (type instanceof com.fasterxml.jackson.databind.JavaType javaType) {
			return javaType.getRawClass();
		}
		return null;
	}

}
