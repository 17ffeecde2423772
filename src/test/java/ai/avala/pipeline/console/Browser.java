package ai.avala.pipeline.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through the system's chromedriver ({@code /usr/bin/chromedriver}, Debian's {@code chromium-driver}),
 * given explicitly so that Selenium Manager never downloads anything. Without it the browser tests are skipped, saying
 * so (a user's {@code ./mvnw -B verify} on a machine without Chromium), as the PostgreSQL tests are without a server;
 * {@code AVALA_TEST_BROWSER_REQUIRED=true} (set by {@code .ci/run}, which installs the browser) makes them fail instead.
 */
final class Browser {

	static final Path DRIVER = Path.of(System.getProperty("avala.test.chromedriver", "/usr/bin/chromedriver"));

	static final Path CHROMIUM = Path.of(System.getProperty("avala.test.chromium", "/usr/bin/chromium"));

	private Browser() {
	}

	static WebDriver start(Path profile) {
		boolean required = "true".equals(System.getenv("AVALA_TEST_BROWSER_REQUIRED"))
				|| Boolean.getBoolean("avala.test.browser-required");
		if (!Files.isExecutable(DRIVER) || !Files.isExecutable(CHROMIUM)) {
			String missing = DRIVER + " or " + CHROMIUM + " is missing: install Debian's chromium and chromium-driver "
					+ "to run the browser tests (.ci/run does)";
			Assumptions.assumeTrue(required, missing + "; skipped");
			throw new IllegalStateException(missing + " (AVALA_TEST_BROWSER_REQUIRED=true)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	static Path screenshot(WebDriver driver, String name) throws IOException {
		Path folder = Files.createDirectories(Path.of("target", "screenshots"));
		Path file = folder.resolve(name + ".png");
		Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
		return file;
	}

}
