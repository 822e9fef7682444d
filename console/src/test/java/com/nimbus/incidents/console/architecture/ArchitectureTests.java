package com.nimbus.incidents.console.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "com.nimbus.incidents.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * The console holds no data of its own: it reaches the platform only through the HTTP
	 * APIs, never its stores or its broker.
	 */
	@ArchTest
	static final ArchRule onlyThroughTheApis = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "com.mongodb..", "org.springframework.data..", "org.axonframework..");

	/**
	 * Pages call the APIs through {@code api}; only {@code api} knows how the token is
	 * sent.
	 */
	@ArchTest
	static final ArchRule pagesDoNotSignTokens = noClasses().that()
		.resideInAPackage("..console.web..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..console.signin..");

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("com.nimbus.incidents.console.(*)..")
		.should()
		.beFreeOfCycles();

}
