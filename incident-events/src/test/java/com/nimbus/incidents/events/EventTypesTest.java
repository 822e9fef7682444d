package com.nimbus.incidents.events;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesTest {

	@Test
	void everyPermittedEventTypeIsRegisteredUnderItsWireName() {
		Set<Class<?>> permitted = java.util.stream.Stream
			.concat(Arrays.stream(IncidentEvent.class.getPermittedSubclasses()),
					Arrays.stream(ContractEvent.class.getPermittedSubclasses()))
			.collect(Collectors.toSet());
		Set<Class<?>> registered = EventTypes.all().stream().map(EventType::payloadClass).collect(Collectors.toSet());
		assertThat(registered).isEqualTo(permitted);
		assertThat(EventTypes.all()).allSatisfy((type) -> {
			assertThat(type.name()).isEqualTo(type.payloadClass().getSimpleName());
			assertThat(type.schemaVersion()).isEqualTo(Set
				.of("ActionRecorded", "IncidentDeclared", "StatusUpdatePosted", "ImpactReported", "ImpactCorrected")
				.contains(type.name()) ? 2 : 1);
		});
	}

	@Test
	void theMinimumSetOfEventsMdIsThere() {
		assertThat(EventTypes.all()).filteredOn((type) -> type.family() == ContractEvent.class)
			.extracting(EventType::name)
			.containsExactlyInAnyOrder("ContractRegistered", "ContractAmended");
		assertThat(EventTypes.all()).filteredOn((type) -> type.family() == IncidentEvent.class)
			.extracting(EventType::name)
			.containsExactlyInAnyOrder("IncidentDeclared", "ResponderAssigned", "ResponderReleased", "ActionRecorded",
					"SeverityChanged", "StatusUpdatePosted", "ImpactReported", "ImpactEnded", "ImpactCorrected",
					"IncidentResolved", "IncidentReopened", "PostmortemPublished", "NoteAdded", "SignalReceived");
	}

	@Test
	void lookupByNameAndClass() {
		assertThat(EventTypes.named("ActionRecorded")).map(EventType::payloadClass).contains(ActionRecorded.class);
		assertThat(EventTypes.named("com.nimbus.incidents.events.ActionRecorded")).isEmpty();
		assertThat(EventTypes.of(NoteAdded.class).name()).isEqualTo("NoteAdded");
		assertThat(EventTypes.named("ContractAmended", IncidentEvent.class)).isEmpty();
		assertThat(EventTypes.named("ContractAmended", ContractEvent.class)).isPresent();
		assertThatThrownBy(() -> EventTypes.of(String.class)).isInstanceOf(IllegalArgumentException.class);
	}

}
