package com.nimbus.incidents.command.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.mongodb.client.MongoClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin replaces the catalog's own list of services and regions, the names besides
 * those contracts and incidents name ({@code GET /api/catalog} on the query service
 * answers the union). Every name is checked before anything is stored.
 */
@RestController
class CatalogController {

	private final AdminCatalog catalog;

	private final Clock clock;

	CatalogController(MongoClient mongoClient, @Value("${catalog.read-database:incident_read}") String readDatabase,
			Clock clock) {
		this.catalog = new AdminCatalog(mongoClient.getDatabase(readDatabase).getCollection(AdminCatalog.COLLECTION));
		this.clock = clock;
	}

	record EditCatalogRequest(List<String> services, List<String> regions) {
	}

	record CatalogList(List<String> services, List<String> regions, Instant updatedAt, String updatedBy) {
	}

	@PutMapping("/api/catalog")
	CatalogList replace(@RequestBody EditCatalogRequest request, @AuthenticationPrincipal Jwt caller) {
		List<String> services = CatalogNames.checked("services", request.services());
		List<String> regions = CatalogNames.checked("regions", request.regions());
		AdminCatalog.Edited edited = this.catalog.replace(services, regions,
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS), caller.getSubject());
		return new CatalogList(edited.services(), edited.regions(), edited.updatedAt(), edited.updatedBy());
	}

}
