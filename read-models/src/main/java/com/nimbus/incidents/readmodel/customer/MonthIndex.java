package com.nimbus.incidents.readmodel.customer;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.nimbus.incidents.readmodel.ReadModelCollections;
import org.bson.Document;

/**
 * The stored shape of an index of monthly buckets
 * ({@link ReadModelCollections#CUSTOMER_MONTHS},
 * {@link ReadModelCollections#COMPONENT_MONTHS}): one document per owner, {@code _id} =
 * the owner's key, whose {@code months} are the months ({@code YYYY-MM}, or
 * {@code undated}) the owner has a bucket for. It grows by one entry per month, so a
 * reader finds every bucket of an owner with one read by {@code _id}, and the buckets by
 * {@code _id} in turn. Written ({@code $addToSet}) before the buckets it names.
 */
public final class MonthIndex {

	static final String MONTHS = "months";

	static final String UNDATED = "undated";

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private MonthIndex() {
	}

	/**
	 * The additions of months to their owners' documents, one write per owner.
	 * @param monthsByOwner the months by owner key ({@code null}: undated)
	 */
	public static List<WriteModel<Document>> adds(Map<String, ? extends Collection<YearMonth>> monthsByOwner) {
		List<WriteModel<Document>> writes = new ArrayList<>(monthsByOwner.size());
		monthsByOwner.forEach((owner, months) -> {
			SortedSet<String> names = new TreeSet<>();
			months.forEach((month) -> names.add(name(month)));
			writes.add(new UpdateOneModel<>(new Document("_id", owner),
					new Document("$addToSet", new Document(MONTHS, new Document("$each", List.copyOf(names)))),
					UPSERT));
		});
		return writes;
	}

	/**
	 * The months of a stored index document, in order; {@code null} for undated.
	 */
	public static List<YearMonth> months(Document stored) {
		List<YearMonth> months = new ArrayList<>();
		boolean undated = false;
		for (String name : stored.getList(MONTHS, String.class, List.of())) {
			if (UNDATED.equals(name)) {
				undated = true;
				continue;
			}
			try {
				months.add(YearMonth.parse(name));
			}
			catch (DateTimeParseException ex) {
				throw new IllegalStateException("Not a month in " + stored.get("_id") + ": " + name, ex);
			}
		}
		months.sort(null);
		if (undated) {
			months.add(null);
		}
		return months;
	}

	private static String name(YearMonth month) {
		return (month != null) ? month.toString() : UNDATED;
	}

}
