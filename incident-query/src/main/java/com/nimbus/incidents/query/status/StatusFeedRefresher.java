package com.nimbus.incidents.query.status;

import java.time.Clock;

import com.nimbus.incidents.readmodel.status.StatusFeedDocument;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the rendered status feed in memory, as {@link StatusPageRefresher} keeps the
 * page: every {@code status-page.refresh} (1 s) it reads the document's epoch and version
 * by {@code _id}, and reads the whole document and renders it again only when they moved
 * (the feed does not change with time alone). A request reads nothing from the store. A
 * refresh that fails keeps the last feed; until the first render, the feed is a 503.
 */
@Component
class StatusFeedRefresher {

	private static final Logger log = LoggerFactory.getLogger(StatusFeedRefresher.class);

	private final StatusFeedDocuments documents;

	private final StatusFeedRenderer renderer;

	private final Clock clock;

	private volatile RenderedStatusPage current;

	StatusFeedRefresher(StatusFeedDocuments documents, StatusPageProperties properties, Clock clock) {
		this.documents = documents;
		this.renderer = new StatusFeedRenderer(properties.publicUrl(), properties.feedUrl());
		this.clock = clock;
	}

	/**
	 * The feed as last rendered; {@code null} before the first render.
	 */
	RenderedStatusPage current() {
		return this.current;
	}

	@PostConstruct
	@Scheduled(fixedDelayString = "${status-page.refresh:1s}", initialDelayString = "${status-page.refresh:1s}")
	void refresh() {
		try {
			RenderedStatusPage feed = this.current;
			if (feed != null) {
				StatusFeedDocument stamp = this.documents.stamp();
				if (feed.renderedFrom(stamp.epoch(), stamp.version())) {
					return;
				}
			}
			StatusFeedDocument document = this.documents.read();
			this.current = RenderedStatusPage.of(this.renderer.render(document), document.epoch(), document.version(),
					this.clock.instant(), false);
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the status feed; serving the last one rendered: {}", ex.toString());
		}
	}

}
