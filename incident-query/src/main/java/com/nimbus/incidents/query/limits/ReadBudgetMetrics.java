package com.nimbus.incidents.query.limits;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The read budget on {@code /actuator/prometheus}: the bytes requests hold now against
 * the budget, and how many reads were refused and why, so that an operator sees a crowd
 * being turned away (busy) or clients asking too much at once (too costly) before anyone
 * reports it.
 */
@Component
class ReadBudgetMetrics {

	ReadBudgetMetrics(ReadBudget readBudget, MeterRegistry registry) {
		ByteBudget budget = readBudget.budget();
		Gauge.builder("query.read.budget.held", budget, (held) -> held.capacity() - held.available())
			.baseUnit("bytes")
			.description("Estimated heap that requests hold of decoded documents")
			.register(registry);
		Gauge.builder("query.read.budget.capacity", budget, ByteBudget::capacity)
			.baseUnit("bytes")
			.description("limits.read-bytes")
			.register(registry);
		FunctionCounter.builder("query.read.refused", budget, ByteBudget::busyRefusals)
			.tag("reason", "busy")
			.description("Reads answered 503 because others held the budget")
			.register(registry);
		FunctionCounter.builder("query.read.refused", budget, ByteBudget::tooCostlyRefusals)
			.tag("reason", "too-costly")
			.description("Reads answered 422 because one request would hold more than limits.request-bytes")
			.register(registry);
	}

}
