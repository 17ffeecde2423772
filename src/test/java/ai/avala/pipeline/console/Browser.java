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
 * given explicitly so that Selenium Manager never downloads anything. A missing browser fails the test, unless
 * {@code AVALA_TEST_NO_BROWSER=true} (environment or system property) says none is expected here.
 */
final class Browser {

	static final Path DRIVER = Path.of(System.getProperty("avala.test.chromedriver", "/usr/bin/chromedriver"));

	static final Path CHROMIUM = Path.of(System.getProperty("avala.test.chromium", "/usr/bin/chromium"));

	private Browser() {
	}

	static WebDriver start(Path profile) {
		boolean noBrowser = "true".equals(System.getenv("AVALA_TEST_NO_BROWSER"))
				|| Boolean.getBoolean("avala.test.no-browser");
		if (!Files.isExecutable(DRIVER) || !Files.isExecutable(CHROMIUM)) {
			Assumptions.assumeFalse(noBrowser, "no browser expected here (AVALA_TEST_NO_BROWSER=true)");
			throw new IllegalStateException(DRIVER + " or " + CHROMIUM + " is missing: install Debian's chromium and "
					+ "chromium-driver (.ci/run does), or set AVALA_TEST_NO_BROWSER=true to skip the browser tests");
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
