package com.nimbus.incidents.command.signal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A signal from any monitoring source ({@code POST /api/signals}); times stay text until
 * {@link SignalReader} reads them.
 */
record SignalInput(String source, String fingerprint, String status, String service, String region, String level,
		BigDecimal errorRate, String startsAt, String endsAt, String summary, Map<String, String> labels,
		List<String> customerIds) {

}
