package com.nimbus.incidents.notifier.export;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the public status page is exported to ({@code notifier.status-export.*}).
 *
 * @param dir the directory the static files are written into; no export when unset
 * @param queryUrl the query service whose public status page and feed are exported
 * @param interval how often the query service is asked whether the page changed (a
 * conditional request: a {@code 304} costs next to nothing)
 */
@ConfigurationProperties("notifier.status-export")
public record StatusExportProperties(Path dir, String queryUrl, Duration interval) {

	public StatusExportProperties {
		queryUrl = (queryUrl == null || queryUrl.isBlank()) ? "http://127.0.0.1:8082" : queryUrl;
		interval = (interval == null) ? Duration.ofSeconds(1) : interval;
	}

	boolean enabled() {
		return this.dir != null;
	}

}
