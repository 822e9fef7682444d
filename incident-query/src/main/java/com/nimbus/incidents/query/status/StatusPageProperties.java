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
 */
@ConfigurationProperties("status-page")
record StatusPageProperties(@DefaultValue("1s") Duration refresh, @DefaultValue("5s") Duration maxAge,
		@DefaultValue("60s") Duration rerenderWhileOpen) {

}
