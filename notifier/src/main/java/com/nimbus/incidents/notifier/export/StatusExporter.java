package com.nimbus.incidents.notifier.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps a copy of the public status page as static files ({@code index.html},
 * {@code status.json}, {@code feed.atom}) in a directory that a web server or a bucket in
 * another region serves, so that the page people need during an outage does not depend on
 * the platform being up.
 * <p>
 * Every {@code interval} it asks the query service for the public status page and its
 * Atom feed with the entity tags of the copies it holds; a {@code 304} costs next to
 * nothing, a {@code 200} is a public change and is written at once (each file whole,
 * {@link StatusFiles}). When the query service does not answer, the files stay as they
 * are: the last page published remains readable.
 */
public class StatusExporter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StatusExporter.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String STATUS_JSON = "status.json";

	static final String FEED_ATOM = "feed.atom";

	static final String INDEX_HTML = "index.html";

	private final StatusExportProperties properties;

	private final StatusFiles files;

	private final HttpClient http;

	private final Clock clock;

	private ScheduledExecutorService scheduler;

	private volatile String statusTag;

	private volatile String feedTag;

	private volatile Instant exportedAt;

	private volatile boolean failing;

	public StatusExporter(StatusExportProperties properties, Clock clock) {
		this.properties = properties;
		this.files = new StatusFiles(properties.dir());
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(2))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Asks for both documents once and writes what changed.
	 * @return whether anything was written
	 */
	synchronized boolean refresh() throws IOException, InterruptedException {
		HttpResponse<byte[]> status = get("/api/status", this.statusTag, "application/json");
		HttpResponse<byte[]> feed = get("/api/status/feed.atom", this.feedTag, "application/atom+xml");
		boolean written = false;
		if (status.statusCode() == 200) {
			JsonNode page = JSON.readTree(status.body());
			this.files.write(STATUS_JSON, status.body());
			this.files.write(INDEX_HTML,
					StatusPageHtml.render(page, this.clock.instant()).getBytes(StandardCharsets.UTF_8));
			this.statusTag = status.headers().firstValue("ETag").orElse(null);
			written = true;
		}
		else if (status.statusCode() != 304) {
			throw new IOException("GET /api/status answered " + status.statusCode());
		}
		if (feed.statusCode() == 200) {
			this.files.write(FEED_ATOM, feed.body());
			this.feedTag = feed.headers().firstValue("ETag").orElse(null);
			written = true;
		}
		else if (feed.statusCode() != 304) {
			throw new IOException("GET /api/status/feed.atom answered " + feed.statusCode());
		}
		if (written) {
			this.exportedAt = this.clock.instant();
		}
		return written;
	}

	/** When the files last changed, {@code null} before the first export. */
	public Instant exportedAt() {
		return this.exportedAt;
	}

	private HttpResponse<byte[]> get(String path, String tag, String accept) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.properties.queryUrl() + path))
			.timeout(Duration.ofSeconds(5))
			.header("Accept", accept)
			.GET();
		if (tag != null) {
			request.header("If-None-Match", tag);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private void tick() {
		try {
			refresh();
			if (this.failing) {
				log.info("The status page export is current again in {}", this.files.dir());
				this.failing = false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.failing) {
				log.warn("Could not refresh the exported status page (the last copy stays): {}", ex.toString());
				this.failing = true;
			}
		}
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "status-export");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.interval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
		log.info("Exporting the public status page into {} (checked every {} ms)", this.files.dir(), every);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
