package com.nimbus.incidents.query.status;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbus.incidents.events.ImpactLevel;
import com.nimbus.incidents.events.UpdateStatus;
import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import com.nimbus.incidents.readmodel.status.StatusFeedEntry;
import com.nimbus.incidents.readmodel.status.StatusPageWindow;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;

/**
 * The status feed document as an Atom 1.0 feed (Rome), pure: one entry per document
 * entry, newest first, each with a stable id (a tag URI of its event id), {@code updated}
 * = the event's recordedAt (when the public could first have learnt it: a fact recorded
 * late with an old business time still comes first, so a reader polling the feed sees
 * it), a link to the public status page and only public text: the public title (or the
 * generic text of the page), the update's message, the component (service in region), its
 * level in words and times. The same document gives the same bytes, so the same
 * {@code ETag}.
 */
final class StatusFeedRenderer {

	static final String CONTENT_TYPE = "application/atom+xml;charset=UTF-8";

	static final String FEED_ID = "tag:nimbus.example,2026:status-feed";

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final Map<ImpactLevel, String> LEVELS = Map.of(ImpactLevel.DEGRADED_PERFORMANCE,
			"Degraded performance", ImpactLevel.PARTIAL_OUTAGE, "Partial outage", ImpactLevel.MAJOR_OUTAGE,
			"Major outage");

	private static final Map<UpdateStatus, String> STATUSES = Map.of(UpdateStatus.INVESTIGATING, "Investigating",
			UpdateStatus.IDENTIFIED, "Identified", UpdateStatus.MONITORING, "Monitoring", UpdateStatus.RESOLVED,
			"Resolved");

	private final String publicUrl;

	private final String feedUrl;

	/**
	 * @param publicUrl the public status page people read
	 * @param feedUrl where this feed is served from
	 */
	StatusFeedRenderer(String publicUrl, String feedUrl) {
		this.publicUrl = publicUrl;
		this.feedUrl = feedUrl;
	}

	/**
	 * The entry id of an event: a tag URI (RFC 4151), the same for the event in every
	 * render, rebuild and instance.
	 */
	static String entryId(String eventId) {
		return FEED_ID + ":event:" + eventId;
	}

	byte[] render(StatusFeedDocument document) {
		SyndFeed feed = new SyndFeedImpl();
		feed.setFeedType("atom_1.0");
		feed.setEncoding("UTF-8");
		feed.setUri(FEED_ID);
		feed.setTitle("Service status");
		feed.setDescription(
				"Public status updates and impact changes, newest first: the latest " + StatusFeedDocument.LIMIT + ".");
		feed.setAuthor("Service status");
		feed.setLink(this.publicUrl);
		feed.setLinks(List.of(link("alternate", this.publicUrl, "text/html"),
				link("self", this.feedUrl, "application/atom+xml")));
		// the newest entry's time; a feed with none keeps a fixed time, so its bytes (and
		// ETag) stay the same
		Instant updated = document.entries().isEmpty() ? Instant.EPOCH : document.entries().get(0).recordedAt();
		feed.setPublishedDate(Date.from(updated));
		List<SyndEntry> entries = new ArrayList<>(document.entries().size());
		for (StatusFeedEntry entry : document.entries()) {
			entries.add(entry(entry));
		}
		feed.setEntries(entries);
		ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
		try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
			new SyndFeedOutput().output(feed, writer, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (FeedException ex) {
			throw new IllegalStateException("The status feed could not be written", ex);
		}
		return out.toByteArray();
	}

	private SyndEntry entry(StatusFeedEntry entry) {
		SyndEntry syndEntry = new SyndEntryImpl();
		syndEntry.setUri(entryId(entry.eventId()));
		syndEntry.setTitle(title(entry));
		syndEntry.setLink(this.publicUrl);
		syndEntry.setUpdatedDate(Date.from(entry.recordedAt()));
		syndEntry.setPublishedDate(Date.from(entry.recordedAt()));
		SyndContent content = new SyndContentImpl();
		content.setType("text");
		content.setValue(text(entry));
		syndEntry.setContents(List.of(content));
		return syndEntry;
	}

	static String title(StatusFeedEntry entry) {
		if (entry.kind() == StatusFeedEntry.Kind.STATUS_UPDATE) {
			return publicTitle(entry) + ": " + STATUSES.get(entry.status());
		}
		StatusPageWindow window = entry.window();
		String change = switch (entry.kind()) {
			case IMPACT_REPORTED -> "reported";
			case IMPACT_CHANGED -> "updated";
			default -> "ended";
		};
		return LEVELS.get(window.level()) + " of " + component(window) + " " + change;
	}

	static String text(StatusFeedEntry entry) {
		if (entry.kind() == StatusFeedEntry.Kind.STATUS_UPDATE) {
			return entry.message() + " (" + MINUTE.format(entry.occurredAt()) + ")";
		}
		StatusPageWindow window = entry.window();
		StringBuilder text = new StringBuilder(LEVELS.get(window.level())).append(" of ")
			.append(component(window))
			.append(" from ")
			.append(MINUTE.format(window.startedAt()));
		text.append((window.endedAt() != null) ? " to " + MINUTE.format(window.endedAt()) : ", ongoing");
		return text.append(". ").append(publicTitle(entry)).append('.').toString();
	}

	private static String publicTitle(StatusFeedEntry entry) {
		return (entry.publicTitle() != null) ? entry.publicTitle() : PublicIncident.INVESTIGATING;
	}

	private static String component(StatusPageWindow window) {
		return window.service() + " in " + window.region();
	}

	private static SyndLink link(String rel, String href, String type) {
		SyndLink link = new SyndLinkImpl();
		link.setRel(rel);
		link.setHref(href);
		link.setType(type);
		return link;
	}

}
