package com.nimbus.incidents.events;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * An exact amount in an ISO-4217 currency; the amount travels as a decimal string.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

}
