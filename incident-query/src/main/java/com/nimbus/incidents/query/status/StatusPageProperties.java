package com.nimbus.incidents.query.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the status page is kept and served.
 *
 * @param refresh how often the status page document's version is read; a new version is
 * on the page within this (plus the render)
 * @param maxAge how long clients and caches may keep the page ({@code Cache-Control:
 * public, max-age})
 * @param rerenderWhileOpen how often the page is rendered again while a window is open
 * and nothing else changes, for today's uptime to follow the clock
 * @param publicUrl the public status page people read (the console's {@code /status}):
 * what the feed and its entries link to
 * @param feedUrl where the feed is served from, as clients reach it: the feed's
 * {@code self} link
 */
@ConfigurationProperties("status-page")
record StatusPageProperties(@DefaultValue("1s") Duration refresh, @DefaultValue("5s") Duration maxAge,
		@DefaultValue("60s") Duration rerenderWhileOpen, @DefaultValue("http://127.0.0.1:8080/status") String publicUrl,
		@DefaultValue("http://127.0.0.1:8082/api/status/feed.atom") String feedUrl) {

}
