package com.nimbus.incidents.support;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "com.nimbus.incidents.support", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * Shared by the services, it knows none of them.
	 */
	@ArchTest
	static final ArchRule knowsNoService = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("com.nimbus.incidents.command..", "com.nimbus.incidents.query..",
				"com.nimbus.incidents.projector..", "com.nimbus.incidents.console..");

}
