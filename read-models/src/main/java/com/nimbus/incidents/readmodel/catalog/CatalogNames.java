package com.nimbus.incidents.readmodel.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import com.nimbus.incidents.readmodel.ReadModelKeys;
import org.bson.Document;

/**
 * The stored shape of the catalog's names: in {@link ReadModelCollections#CATALOG}, one
 * document {@code {_id, services: [...], regions: [...]}} holding every name once, grown
 * with {@code $addToSet}, so that a write costs the names it adds and a read the names
 * there are; the admin's list ({@link ReadModelCollections#CATALOG_ADMIN}) has the same
 * two fields.
 */
public final class CatalogNames {

	public static final String SERVICES = "services";

	public static final String REGIONS = "regions";

	private CatalogNames() {
	}

	/**
	 * The write adding these names to the document, or empty when there are none.
	 */
	public static Optional<UpdateOneModel<Document>> add(Collection<String> services, Collection<String> regions) {
		Document each = new Document();
		List<String> serviceNames = sorted(services);
		List<String> regionNames = sorted(regions);
		if (!serviceNames.isEmpty()) {
			each.append(SERVICES, new Document("$each", serviceNames));
		}
		if (!regionNames.isEmpty()) {
			each.append(REGIONS, new Document("$each", regionNames));
		}
		if (each.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new UpdateOneModel<>(new Document("_id", ReadModelKeys.CATALOG_ID),
				new Document("$addToSet", each), new UpdateOptions().upsert(true)));
	}

	/**
	 * The names of a field of a stored document (either collection), sorted; none when
	 * the document is missing.
	 */
	public static SortedSet<String> read(Document stored, String field) {
		return (stored != null) ? new TreeSet<>(stored.getList(field, String.class, List.of())) : new TreeSet<>();
	}

	private static List<String> sorted(Collection<String> names) {
		SortedSet<String> sorted = new TreeSet<>();
		names.stream().filter((name) -> name != null && !name.isBlank()).forEach(sorted::add);
		return List.copyOf(sorted);
	}

}
