package io.projectservice.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.projectservice.support.OpenAiStub;
import io.projectservice.support.RequiredTools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, driven by chromium-driver) against
 * the test service: one person's day with it, from signing in to sharing, and an operator's look
 * at the pipeline. Every step waits for what the page shows (no sleeps) and leaves a screenshot
 * in target/console-screenshots. Outside CI a machine without chromium skips it; in CI it fails.
 */
@QuarkusTest
class ConsoleBrowserTest {
    private static final Path CHROMIUM = onPath("chromium");
    private static final Path CHROMEDRIVER = onPath("chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String ORG = "console-e2e";
    /** create-from-context's per-file limit (projects.create-from-context.max-file-bytes, default). */
    private static final long MAX_FILE_BYTES = 26_214_400L;

    @TestHTTPResource("/console")
    URL console;

    @ConfigProperty(name = OpenAiStub.PORT_PROPERTY)
    int stubPort;

    @TempDir
    Path files;

    WebDriver browser;
    WebDriverWait until;

    @BeforeEach
    void startTheBrowser() throws IOException {
        RequiredTools.require(CHROMIUM != null && CHROMEDRIVER != null,
                "chromium and chromium-driver (apt-get install chromium chromium-driver)");
        // no LLM answers: the offline analyzer builds the ontology, the same every run
        new WireMock("localhost", stubPort).resetMappings();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        until = new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    @AfterEach
    void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aProjectFromSignInToSharingAndThePipeline() throws IOException {
        browser.get(console.toString());
        visible("view-signin");
        visible("dev-form");
        screenshot("01-sign-in");
        signInAs("cora", false);

        // create a project, edit it twice: three entries in its timeline
        visible("view-projects");
        type("create-name", "Bakery orders");
        type("create-description", "Orders of the corner bakery");
        click(By.cssSelector("#create-form button[type=submit]"));
        until.until(ExpectedConditions.textToBe(By.id("project-title"), "Bakery orders"));
        until.until(ExpectedConditions.textToBe(By.id("project-version"), "Version 1 (latest)"));
        type("edit-name", "Bakery orders and customers");
        click(By.id("edit-save"));
        until.until(ExpectedConditions.textToBe(By.id("project-version"), "Version 2 (latest)"));
        type("edit-description", "Who orders which cakes");
        click(By.id("edit-save"));
        until.until(ExpectedConditions.textToBe(By.id("project-version"), "Version 3 (latest)"));
        until.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#timeline > li"), 3));
        List<WebElement> entries = browser.findElements(By.cssSelector("#timeline > li"));
        assertTrue(entries.get(0).getText().contains("ProjectUpdated")
                && entries.get(0).getText().contains("description: \"Orders of the corner bakery\" -> \"Who orders"
                        + " which cakes\""), "the newest entry shows what changed: " + entries.get(0).getText());
        assertTrue(entries.get(2).getText().contains("ProjectCreated") && entries.get(2).getText().contains("cora"),
                "the oldest is the creation, by its actor: " + entries.get(2).getText());
        screenshot("02-project-timeline");

        // open version 1 from the timeline
        click(By.cssSelector("#timeline > li:last-child a"));
        until.until(ExpectedConditions.textToBe(By.id("project-version"), "Version 1 (as it was then)"));
        until.until(ExpectedConditions.textToBe(By.id("project-title"), "Bakery orders"));
        screenshot("03-project-at-version-1");
        click(By.id("project-latest"));
        until.until(ExpectedConditions.textToBe(By.id("project-version"), "Version 3 (latest)"));

        // a snapshot, and share the project with dan
        type("snapshot-description", "before sharing");
        click(By.cssSelector("#snapshot-form button[type=submit]"));
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("snapshots"), "before sharing"));
        type("share-user", "dan");
        type("share-org", ORG);
        click(By.cssSelector("#share-form button[type=submit]"));
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("shares"), "dan (" + ORG + "): viewer, pending"));
        screenshot("04-project-snapshots-and-shares");

        // new from context: text, a CSV chosen in the file dialog and a text file dropped on the zone
        click(By.cssSelector("#nav a[href='#/new']"));
        visible("view-new");
        type("context-text", "Customers of a bakery order cakes. Each order names the customer who placed it.");
        type("context-concepts", "Customer, Cake");
        Path csv = files.resolve("orders.csv");
        Files.writeString(csv, "order_id,customer_id,total,paid,ordered_on\n1,7,12.50,true,2026-01-03\n"
                + "2,9,3,false,2026-02-11\n3,7,8.25,true,2026-03-01\n", StandardCharsets.UTF_8);
        browser.findElement(By.id("context-files")).sendKeys(csv.toAbsolutePath().toString());
        ((JavascriptExecutor) browser).executeScript("""
                const files = new DataTransfer();
                files.items.add(new File(['Customers order cakes for birthdays.'], 'notes.txt', {type: 'text/plain'}));
                document.getElementById('dropzone').dispatchEvent(
                    new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));
                """);
        until.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#context-file-list li"), 2));
        click(By.id("context-submit"));
        until.until(ExpectedConditions.textToBe(By.id("job-state"), "done"));
        assertEquals("100", browser.findElement(By.id("job-progress")).getDomProperty("value"));
        until.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#job-graph .node")));
        List<String> labels = browser.findElements(By.cssSelector("#job-graph .node-label")).stream()
                .map(e -> e.getText().toLowerCase(Locale.ROOT)).toList();
        assertTrue(labels.containsAll(List.of("customer", "cake", "orders")), "the graph's nodes: " + labels);
        assertTrue(browser.findElements(By.cssSelector("#job-graph .edge-label")).stream()
                .anyMatch(e -> !e.getText().isBlank()), "the edges are labelled");
        assertTrue(browser.findElement(By.id("job-tables")).getText().contains("order_id integer"),
                "the table with its columns and types: " + browser.findElement(By.id("job-tables")).getText());
        screenshot("05-new-from-context");

        // a file over the per-file limit: refused, with the envelope's sentence
        Path big = files.resolve("too-big.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(MAX_FILE_BYTES + 1);
        }
        browser.findElement(By.id("context-files")).sendKeys(big.toAbsolutePath().toString());
        click(By.id("context-submit"));
        until.until(ExpectedConditions.textToBe(By.id("notice"),
                "File 'too-big.txt' is " + (MAX_FILE_BYTES + 1) + " bytes; the limit is " + MAX_FILE_BYTES
                        + " per file"));
        until.until(ExpectedConditions.textToBe(By.id("job-state"), "refused"));
        screenshot("06-refused-file");

        // dan accepts the share and sees the project in his console
        signOut();
        signInAs("dan", false);
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox"),
                "Bakery orders and customers from cora as viewer (pending)"));
        click(By.cssSelector("#inbox button"));
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("projects-table"),
                "Bakery orders and customers"));
        assertTrue(browser.findElement(By.id("projects-table")).getText().contains("shared by cora (viewer)"));
        screenshot("07-shared-with-dan");
        click(By.linkText("Bakery orders and customers"));
        until.until(ExpectedConditions.textToBe(By.id("project-title"), "Bakery orders and customers"));
        until.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#timeline > li"), 3));
        assertTrue(!browser.findElement(By.id("shares-card")).isDisplayed(), "only the owner sees the shares");
        screenshot("08-shared-project-as-dan");

        // the same project on a phone's screen
        Dimension laptop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        until.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
        screenshot("09-phone-project");
        browser.manage().window().setSize(laptop);

        // an operator's pipeline page
        signOut();
        signInAs("olga", true);
        click(By.cssSelector("#nav a[href='#/pipeline']"));
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pipeline-numbers"), "Relay lag"));
        until.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pipeline-chart polyline.relay")));
        until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pipeline-jobs"), "succeeded"));
        screenshot("10-pipeline");
    }

    private void signInAs(String user, boolean operator) {
        visible("dev-form");
        type("dev-user", user);
        type("dev-org", ORG);
        WebElement box = browser.findElement(By.id("dev-operator"));
        if (box.isSelected() != operator) {
            box.click();
        }
        click(By.id("dev-sign-in"));
        until.until(ExpectedConditions.textToBe(By.id("who"), user + " (" + ORG + ")"));
    }

    private void signOut() {
        click(By.id("sign-out"));
        visible("view-signin");
    }

    private void visible(String id) {
        until.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void type(String id, String text) {
        WebElement field = until.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        field.clear();
        field.sendKeys(text);
    }

    private void click(By what) {
        until.until(ExpectedConditions.elementToBeClickable(what)).click();
    }

    /** The whole page: the window is stretched to the page's height for the picture, then put back. */
    private void screenshot(String name) throws IOException {
        Dimension size = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight)");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, Math.max(height,
                size.getHeight()))));
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
