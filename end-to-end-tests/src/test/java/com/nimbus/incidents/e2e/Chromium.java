package com.nimbus.incidents.e2e;

import java.io.File;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real browser the console tests drive: Debian's headless chromium through its
 * chromedriver, one window of a given size, and the one way the tests follow a link or a
 * form to the next page.
 */
final class Chromium {

	private Chromium() {
	}

	/**
	 * Headless chromium's options: no sandbox (CI runs as root), no background traffic.
	 * @param width the window's width in CSS pixels
	 * @param height its height
	 * @return options a test may add to (downloads, preferences) before {@link #start}
	 */
	static ChromeOptions options(int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(new File("/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run",
				"--window-size=" + width + "," + height);
		return options;
	}

	/**
	 * Starts the browser on a free port.
	 * @param options from {@link #options}
	 * @param patience how long a page may take to load
	 * @return the driver, for the test to quit
	 */
	static ChromeDriver start(ChromeOptions options, Duration patience) {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		ChromeDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(patience);
		return browser;
	}

	/**
	 * Clicks what leads to another page and waits until that page has replaced this one
	 * and finished loading.
	 * @param browser the driver
	 * @param target a link or a submit button
	 * @param patience how long to wait
	 */
	static void navigate(WebDriver browser, WebElement target, Duration patience) {
		WebElement page = browser.findElement(By.tagName("html"));
		target.click();
		awaitLoaded(browser, page, patience);
	}

	/**
	 * Opens a URL and waits until its page has replaced the one before and finished
	 * loading. {@code get} alone is not enough: under load chromedriver has answered it
	 * while the page before was still the document, so that a script read the old page
	 * (an empty list) and a key went to it (lost).
	 * @param browser the driver
	 * @param url the page to open
	 * @param patience how long to wait
	 */
	static void open(WebDriver browser, String url, Duration patience) {
		WebElement page = browser.findElement(By.tagName("html"));
		browser.get(url);
		awaitLoaded(browser, page, patience);
	}

	private static void awaitLoaded(WebDriver browser, WebElement before, Duration patience) {
		new WebDriverWait(browser, patience).until((driver) -> replaced(before));
		new WebDriverWait(browser, patience).until((driver) -> "complete"
			.equals(((JavascriptExecutor) driver).executeScript("return document.readyState;")));
	}

	/**
	 * Whether the element is gone from the document. Chromium answers for a node of a
	 * page that is being replaced either that it is stale or, at times, with an
	 * "unhandled inspector error" saying it does not belong to the document: both mean
	 * replaced.
	 */
	static boolean replaced(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (org.openqa.selenium.StaleElementReferenceException ex) {
			return true;
		}
		catch (org.openqa.selenium.WebDriverException ex) {
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

}
