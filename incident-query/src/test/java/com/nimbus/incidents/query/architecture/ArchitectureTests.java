package com.nimbus.incidents.query.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "com.nimbus.incidents", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule neverTheCommandServiceOrTheProjector = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.query..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.command..", "com.nimbus.incidents.projector..", "org.axonframework..",
				"org.apache.kafka..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("com.nimbus.incidents.query.(*)..")
		.should()
		.beFreeOfCycles();

}
