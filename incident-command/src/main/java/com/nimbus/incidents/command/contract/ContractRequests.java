package com.nimbus.incidents.command.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.SlaMeasurement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PUT /api/contracts/{customerId}}, as in {@code sla-credits.md}.
 */
final class ContractRequests {

	static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";

	static final String NAME_RULE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

	private ContractRequests() {
	}

	record MoneyRequest(@NotNull @DecimalMin("0") BigDecimal amount,
			@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code such as USD") String currency) {
	}

	record TierRequest(
			@NotNull @DecimalMin(value = "0", inclusive = false, message = "must be above 0") @DecimalMax(value = "100",
					message = "must be at most 100") BigDecimal below,
			@NotNull @DecimalMin(value = "0", message = "must be between 0 and 100") @DecimalMax(value = "100",
					message = "must be between 0 and 100") BigDecimal creditPercent) {
	}

	record SlaRequest(@NotNull SlaMeasurement measurement, @Size(max = 3) List<@NotNull ImpactLevel> downtimeLevels,
			@DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1",
					message = "must be between 0 and 1") BigDecimal downtimeErrorRate,
			@NotEmpty @Size(max = 20) List<@NotNull @Valid TierRequest> tiers) {
	}

	record ServiceRequest(@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String service,
			@NotEmpty @Size(
					max = 100) List<@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String> regions,
			@NotNull @Valid MoneyRequest monthlyFee, @NotNull @Valid SlaRequest sla) {
	}

	record PutContractRequest(@NotBlank @Size(max = 200) String customerName, @NotNull @PositiveOrZero Long activeUsers,
			@NotNull Instant effectiveFrom, @NotEmpty @Size(max = 100) List<@NotNull @Valid ServiceRequest> services) {
	}

}
