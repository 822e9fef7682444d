package com.nimbus.incidents.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The published language depends on the JDK and Jackson annotations only.
 */
@AnalyzeClasses(packages = "com.nimbus.incidents", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule eventsImportNoFramework = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "org.axonframework..", "com.mongodb..", "org.bson..",
				"org.apache.kafka..", "tools.jackson..", "com.fasterxml.jackson.databind..");

	@ArchTest
	static final ArchRule historyStaysOutOfTheRecords = noClasses().that()
		.resideInAPackage("com.nimbus.incidents.events..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("com.nimbus.incidents.history..");

}
