package com.nimbus.incidents.command.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "com.nimbus.incidents", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule neverTheReadSide = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.command..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.projector..", "com.nimbus.incidents.query..",
				"com.nimbus.incidents.history..");

	@ArchTest
	static final ArchRule theAggregateKnowsNoInfrastructure = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.command.incident..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "com.mongodb..", "com.nimbus.incidents.command.relay..",
				"com.nimbus.incidents.command.eventstore..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("com.nimbus.incidents.command.(*)..")
		.should()
		.beFreeOfCycles();

}
