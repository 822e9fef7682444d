package com.nimbus.incidents.notifier.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "com.nimbus.incidents", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule neverAnotherServicesInternals = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.notifier..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.command..", "com.nimbus.incidents.projector..",
				"com.nimbus.incidents.query..", "com.nimbus.incidents.readmodel..", "org.axonframework..");

	@ArchTest
	static final ArchRule channelsKnowOnlyTheirContract = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.notifier.channel..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.notifier.subscription..", "com.nimbus.incidents.notifier.delivery..",
				"com.nimbus.incidents.notifier.intake..", "com.nimbus.incidents.notifier.web..");

	@ArchTest
	static final ArchRule onlyTheIntakeReadsKafka = noClasses().that()
		.resideInAnyPackage("com.nimbus.incidents.notifier.subscription..", "com.nimbus.incidents.notifier.delivery..",
				"com.nimbus.incidents.notifier.channel..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("com.nimbus.incidents.notifier.(*)..")
		.should()
		.beFreeOfCycles();

}
