package com.nimbus.incidents.query.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.nimbus.incidents.readmodel.status.StatusPageDocument;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the rendered status page in memory: every {@code status-page.refresh} (1 s) it
 * reads the document's epoch and version by {@code _id} (a few bytes), and reads the
 * whole document and renders it again only when they moved, when the UTC day changed (the
 * uptime's days), or when a window is open and the last render is older than
 * {@code status-page.rerender-while-open} (today's uptime follows the clock). A request
 * reads nothing from the store and serializes nothing: it gets the bytes rendered here.
 * <p>
 * A refresh that fails (the store away) keeps the last page and is logged; the next one
 * tries again. Until the first render succeeds, the page is a 503.
 */
@Component
class StatusPageRefresher {

	private static final Logger log = LoggerFactory.getLogger(StatusPageRefresher.class);

	private final StatusPageDocuments documents;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration rerenderWhileOpen;

	private volatile RenderedStatusPage current;

	StatusPageRefresher(StatusPageDocuments documents, JsonMapper json, Clock clock, StatusPageProperties properties) {
		this.documents = documents;
		this.json = json;
		this.clock = clock;
		this.rerenderWhileOpen = properties.rerenderWhileOpen();
	}

	/**
	 * The page as last rendered; {@code null} before the first render.
	 */
	RenderedStatusPage current() {
		return this.current;
	}

	@PostConstruct
	@Scheduled(fixedDelayString = "${status-page.refresh:1s}", initialDelayString = "${status-page.refresh:1s}")
	void refresh() {
		try {
			Instant now = this.clock.instant();
			RenderedStatusPage page = this.current;
			if (page != null && upToDate(page, this.documents.stamp(), now)) {
				return;
			}
			StatusPageDocument document = this.documents.read();
			this.current = render(document, now);
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the status page; serving the last one rendered: {}", ex.toString());
		}
	}

	private boolean upToDate(RenderedStatusPage page, StatusPageDocument stamp, Instant now) {
		if (!page.renderedFrom(stamp.epoch(), stamp.version()) || !page.day().equals(Uptime.today(now))) {
			return false;
		}
		return !page.moving() || Duration.between(page.renderedAt(), now).compareTo(this.rerenderWhileOpen) < 0;
	}

	private RenderedStatusPage render(StatusPageDocument document, Instant now) {
		StatusPage page = StatusPageRenderer.render(document, now);
		return RenderedStatusPage.of(this.json.writeValueAsBytes(page), document.epoch(), document.version(), now,
				StatusPageRenderer.moving(document, now));
	}

}
