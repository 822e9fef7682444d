package com.nimbus.incidents.projector.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "com.nimbus.incidents", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule neverTheCommandOrQueryService = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.projector..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.command..", "com.nimbus.incidents.query..", "org.axonframework..");

	@ArchTest
	static final ArchRule theFoldKnowsNoInfrastructure = noClasses().that()
		.haveSimpleNameStartingWith("IncidentProjection")
		.or()
		.haveSimpleName("ProjectedIncident")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "com.mongodb..", "org.springframework..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("com.nimbus.incidents.projector.(*)..")
		.should()
		.beFreeOfCycles();

}
