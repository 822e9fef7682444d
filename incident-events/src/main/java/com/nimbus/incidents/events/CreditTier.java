package com.nimbus.incidents.events;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Uptime (percent) under {@code below} earns {@code creditPercent} of the monthly fee.
 */
public record CreditTier(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal below,
		@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal creditPercent) {

}
