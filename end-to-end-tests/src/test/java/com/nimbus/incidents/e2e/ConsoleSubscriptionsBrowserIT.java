package com.nimbus.incidents.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbus.incidents.localstack.Component;
import com.nimbus.incidents.localstack.Platform;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

import static com.nimbus.incidents.e2e.Api.accepted;
import static com.nimbus.incidents.e2e.Api.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions in the console, in a real browser (Debian's headless Chromium) against
 * the whole local stack and a real webhook receiver: a responder creates a webhook
 * subscription and is shown its secret once, sends a test event (which the receiver gets,
 * signed with that secret), sees a real incident's event among the recent deliveries,
 * pauses and deletes it; a target the notifier refuses comes back with the detail next to
 * the field and what was typed kept. Screenshots land in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSubscriptionsBrowserIT {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static Platform platform;

	private static ChromeDriver browser;

	private static HttpServer receiver;

	private static final List<String[]> received = new CopyOnWriteArrayList<>();

	private static String console;

	private static String secret;

	private static String subscriptionPage;

	@BeforeAll
	static void startThePlatformAReceiverAndABrowser() throws Exception {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
		receiver.createContext("/hook", ConsoleSubscriptionsBrowserIT::receive);
		receiver.setExecutor(Executors.newFixedThreadPool(4));
		receiver.start();
		platform = LocalPlatform.start();
		console = platform.baseUrl(Component.CONSOLE);
		Files.createDirectories(SCREENSHOTS);
		ChromeOptions options = Chromium.options(1280, 1000);
		browser = Chromium.start(options, PATIENCE);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (platform != null) {
			platform.close();
		}
		if (receiver != null) {
			receiver.stop(0);
		}
	}

	private static void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			received.add(new String[] { exchange.getRequestHeaders().getFirst("Notification-Signature"), body });
			exchange.sendResponseHeaders(200, -1);
		}
	}

	@Test
	@Order(1)
	void aResponderCreatesAWebhookAndIsShownItsSecretOnce() throws IOException {
		Chromium.open(browser, console + "/login", PATIENCE);
		browser.findElement(By.id("user")).sendKeys("sam@nimbus.example");
		browser.findElement(By.id("role-RESPONDER")).click();
		navigate(browser.findElement(By.id("sign-in")));
		navigate(browser.findElement(By.id("nav-subscriptions")));
		assertThat(browser.getCurrentUrl()).isEqualTo(console + "/subscriptions");

		browser.findElement(By.id("s-target")).sendKeys(receiverUrl());
		browser.findElement(By.id("s-name")).sendKeys("checkout pager");
		browser.findElement(By.id("s-services")).sendKeys("checkout");
		navigate(browser.findElement(By.cssSelector("#create button[type=submit]")));

		secret = browser.findElement(By.id("secret-value")).getDomProperty("value");
		assertThat(secret).as("the signing secret, shown once").isNotBlank().hasSizeGreaterThanOrEqualTo(32);
		WebElement row = browser.findElement(By.cssSelector("#subscriptions tbody tr[data-id]"));
		assertThat(row.getText()).contains("checkout pager", "WEBHOOK", receiverUrl(), "active");
		screenshot("subscriptions-created");

		browser.navigate().refresh();
		assertThat(browser.findElements(By.id("secret-value"))).as("not shown again").isEmpty();
		subscriptionPage = browser.findElement(By.cssSelector("#subscriptions tbody tr[data-id] a"))
			.getDomProperty("href");
	}

	@Test
	@Order(2)
	void theTestEventReachesTheReceiverSignedWithThatSecret() throws Exception {
		Chromium.open(browser, subscriptionPage, PATIENCE);
		navigate(browser.findElement(By.xpath("//button[text()='Send a test event']")));

		String outcome = browser.findElement(By.id("test-outcome")).getText();
		assertThat(outcome).contains("DELIVERED", "200");
		assertThat(received).hasSize(1);
		assertThat(verifies(received.get(0)[0], received.get(0)[1])).as("Notification-Signature with the secret")
			.isTrue();
		screenshot("subscription-test-event");
	}

	@Test
	@Order(3)
	void anIncidentsEventShowsAmongTheRecentDeliveries() throws Exception {
		String responder = platform.issuer().token("sam@nimbus.example", "RESPONDER");
		accepted(call("POST", platform.baseUrl(Component.COMMAND) + "/api/incidents",
				"{\"title\":\"Checkout payments failing\",\"severity\":\"SEV1\",\"detectionSource\":\"CUSTOMER_REPORT\","
						+ "\"services\":[\"checkout\"],\"regions\":[\"eu-west-1\"]}",
				responder));
		Awaitility.await("the declaration at the receiver")
			.atMost(PATIENCE)
			.until(() -> received.stream().anyMatch((r) -> r[1].contains("\"IncidentDeclared\"")));
		Awaitility.await("the delivery listed").atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
			Chromium.open(browser, subscriptionPage, PATIENCE);
			return browser.findElement(By.id("deliveries")).getText().contains("IncidentDeclared");
		});
		assertThat(browser.findElement(By.id("deliveries")).getText()).contains("DELIVERED", "200");
		screenshot("subscription-deliveries");
	}

	@Test
	@Order(4)
	void pausingAndDeletingLeaveTheListAsTheyShould() throws IOException {
		Chromium.open(browser, subscriptionPage, PATIENCE);
		navigate(browser.findElement(By.xpath("//button[text()='Pause']")));
		assertThat(browser.findElement(By.id("facts")).getText()).contains("paused");
		assertThat(browser.findElements(By.xpath("//button[text()='Resume']"))).hasSize(1);

		navigate(browser.findElement(By.xpath("//button[text()='Delete']")));
		Chromium.open(browser, console + "/subscriptions", PATIENCE);
		assertThat(browser.findElements(By.cssSelector("#subscriptions tbody tr[data-id]"))).isEmpty();
	}

	@Test
	@Order(5)
	void aRefusedTargetComesBackNextToItsFieldWithWhatWasTyped() throws IOException {
		Chromium.open(browser, console + "/subscriptions", PATIENCE);
		browser.findElement(By.id("s-target")).sendKeys("ftp://files.example.com/drop");
		browser.findElement(By.id("s-name")).sendKeys("wrong scheme");
		navigate(browser.findElement(By.cssSelector("#create button[type=submit]")));

		assertThat(browser.findElement(By.cssSelector("#create .field-error")).getText()).isNotBlank();
		assertThat(browser.findElement(By.id("s-target")).getDomProperty("value"))
			.isEqualTo("ftp://files.example.com/drop");
		assertThat(browser.findElement(By.id("s-name")).getDomProperty("value")).isEqualTo("wrong scheme");
		assertThat(browser.findElements(By.cssSelector("#subscriptions tbody tr[data-id]"))).isEmpty();
		screenshot("subscriptions-refused");
	}

	private static String receiverUrl() {
		return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
	}

	/** The spec's scheme: {@code t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
	private static boolean verifies(String header, String body) throws Exception {
		String t = header.replaceAll(".*t=(\\d+).*", "$1");
		String v1 = header.replaceAll(".*v1=([0-9a-f]+).*", "$1");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
		return expected.equals(v1);
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one.
	 */
	private static void navigate(WebElement target) {
		Chromium.navigate(browser, target, PATIENCE);
	}

	private static void screenshot(String name) throws IOException {
		Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
	}

}
