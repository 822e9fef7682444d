package com.nimbus.incidents.command.docs;

import java.lang.reflect.Type;
import java.math.BigDecimal;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.PropertyCustomizer;

import org.springframework.stereotype.Component;

/**
 * Money, rates and percentages are exact decimals: the document types every
 * {@link BigDecimal} as a decimal string with a pattern (the service reads
 * {@code "12000.00"} as well as {@code 12000.00}; a string keeps every digit through any
 * client's JSON library), its bounds in words.
 */
@Component
class DecimalStrings implements PropertyCustomizer {

	/** A decimal written out: an optional sign, digits, an optional fraction. */
	static final String PATTERN = "^-?\\d+(\\.\\d+)?$";

	@Override
	public Schema customize(Schema property, AnnotatedType type) {
		if (property == null || !BigDecimal.class.equals(rawClass(type.getType()))) {
			return property;
		}
		return decimal(property);
	}

	static Schema<String> decimal(Schema<?> number) {
		StringBuilder description = new StringBuilder("A decimal as a string");
		if (number.getMinimum() != null) {
			description.append(", at least ").append(number.getMinimum().toPlainString());
		}
		if (number.getExclusiveMinimumValue() != null) {
			description.append(", above ").append(number.getExclusiveMinimumValue().toPlainString());
		}
		if (number.getMaximum() != null) {
			description.append(", at most ").append(number.getMaximum().toPlainString());
		}
		if (number.getDescription() != null) {
			description.append(". ").append(number.getDescription());
		}
		Schema<String> decimal = new StringSchema().pattern(PATTERN).description(description.toString());
		if (number.getExample() != null) {
			decimal.setExample(number.getExample().toString());
		}
		return decimal;
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
