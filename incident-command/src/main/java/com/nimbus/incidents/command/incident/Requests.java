package com.nimbus.incidents.command.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbus.incidents.events.ActionKind;
import com.nimbus.incidents.events.DetectionSource;
import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.ResponderRole;
import com.nimbus.incidents.events.Severity;
import com.nimbus.incidents.events.UpdateStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Request bodies of the incident endpoints, as in {@code api.md}. Unknown fields are
 * refused; limits: title 200 characters, other text 10,000.
 */
final class Requests {

	static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";

	static final String NAME_RULE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

	/** Optional text that, when given, says something: not empty, not only spaces. */
	static final String NOT_BLANK_PATTERN = "(?s).*\\S.*";

	static final String NOT_BLANK_RULE = "must not be blank when given";

	private Requests() {
	}

	record DeclareIncidentRequest(@NotBlank @Size(max = 200) String title,
			@Size(max = 200) @Pattern(regexp = NOT_BLANK_PATTERN, message = NOT_BLANK_RULE) String publicTitle,
			@NotNull Severity severity, @Size(max = 10_000) String summary, @NotNull DetectionSource detectionSource,
			Instant detectedAt, Instant declaredAt,
			@NotNull @Size(
					max = 100) List<@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String> services,
			@NotNull @Size(
					max = 100) List<@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String> regions,
			@Size(max = 200) @Pattern(regexp = NOT_BLANK_PATTERN, message = NOT_BLANK_RULE) String commander) {
	}

	record RecordActionRequest(@NotNull ActionKind kind, @NotBlank @Size(max = 10_000) String description,
			Instant occurredAt, @Size(max = 100) List<@NotNull @Pattern(regexp = NAME_PATTERN,
					message = NAME_RULE) String> relatedImpactIds) {
	}

	record PostStatusUpdateRequest(@NotNull UpdateStatus status, @NotBlank @Size(max = 10_000) String message,
			@JsonProperty("public") @NotNull Boolean isPublic,
			@Size(max = 200) @Pattern(regexp = NOT_BLANK_PATTERN, message = NOT_BLANK_RULE) String publicTitle,
			Instant occurredAt) {
	}

	record UserRange(@NotNull @PositiveOrZero Long low, @NotNull @PositiveOrZero Long high) {
	}

	record ReportImpactRequest(@Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String impactId,
			@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String service,
			@NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String region, @NotNull ImpactLevel level,
			@DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1",
					message = "must be between 0 and 1") BigDecimal errorRate,
			@NotNull Instant startedAt, Instant endedAt, @Valid UserRange estimatedAffectedUsers,
			@Size(max = 1000) List<@NotNull @Pattern(regexp = NAME_PATTERN,
					message = NAME_RULE) String> affectedCustomerIds) {
	}

	record EndImpactRequest(@NotNull Instant endedAt) {
	}

	record CorrectImpactRequest(Instant startedAt, Instant endedAt, ImpactLevel level,
			@DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1",
					message = "must be between 0 and 1") BigDecimal errorRate,
			@NotBlank @Size(max = 10_000) String reason, Instant occurredAt) {
	}

	record ResolveIncidentRequest(@NotBlank @Size(max = 10_000) String summary, Instant occurredAt) {
	}

	record ReopenIncidentRequest(@NotBlank @Size(max = 10_000) String reason, Instant occurredAt) {
	}

	record AssignResponderRequest(@NotBlank @Size(max = 200) String person, @NotNull ResponderRole role,
			Instant occurredAt) {
	}

	record ChangeSeverityRequest(@NotNull Severity severity, @NotBlank @Size(max = 10_000) String reason,
			Instant occurredAt) {
	}

	record AddNoteRequest(@NotBlank @Size(max = 10_000) String text, Instant occurredAt) {
	}

	record ActionItemRequest(@NotBlank @Size(max = 10_000) String description, @Size(max = 200) String owner) {
	}

	record PublishPostmortemRequest(@NotBlank @Size(max = 10_000) String rootCause, @Size(max = 10_000) String trigger,
			@NotBlank @Size(max = 10_000) String resolution, @Size(max = 10_000) String detection,
			@Size(max = 100) List<@NotBlank @Size(max = 10_000) String> lessons,
			@Size(max = 100) List<@NotNull @Valid ActionItemRequest> actionItems, Instant occurredAt) {
	}

}
