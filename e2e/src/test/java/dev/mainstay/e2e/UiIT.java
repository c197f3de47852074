package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in headless Chromium against a real runtime and worker: the runs list, a run whose
 * first step was retried (attempts and the error), answering its wait from the form, the run
 * finishing; then the overview and the workers. Auth is on, as by default: each test logs in on the
 * login page first (the session in an HttpOnly, SameSite=Strict cookie), and one tests the login,
 * the cookie, logout and a revoked token's session. Screenshots go to {@code target/screenshots}.
 * All but the first (it counts every run and worker) share one runtime ({@link #sharedRuntime}).
 */
class UiIT extends RealProcessesTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private Browser browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        browser = new Browser(SHOTS);
        wait = new WebDriverWait(browser.web(), Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser(org.junit.jupiter.api.TestInfo test) throws Exception {
        if (browser != null) {
            // the page as the test left it: look here first when a test fails
            String name = "last-" + test.getTestMethod().orElseThrow().getName();
            browser.screenshot(name);
            java.nio.file.Files.writeString(SHOTS.resolve(name + ".html"), browser.web().getPageSource());
            browser.close();
        }
    }

    @Test
    void ui_showsARetriedRunAndAnswersItsWait() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ObservedWorker.class.getName());
        for (String name : List.of("grace", "linus")) {
            client.await(startWhenRegistered("greet", name).id(), TIMEOUT);
        }
        client.await(startWhenRegistered("doomed", "bob").id(), TIMEOUT);
        RunInfo run = startWhenRegistered("onboarding", new ObservedWorker.Signup("ada", "acme"));
        await("waiting for approval").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-run='" + run.id() + "']")));
        assertThat(row.getText()).contains("onboarding", "suspended", "approval");
        assertThat(web.findElements(By.cssSelector("tbody tr"))).hasSize(4);
        browser.screenshot("01-runs");

        // filter by status from the keyboard: "/" focuses the first filter
        web.findElement(By.tagName("body")).sendKeys("/");
        assertThat(web.switchTo().activeElement().getAttribute("name")).isEqualTo("workflow");
        web.switchTo().activeElement().sendKeys("greet", Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector("tbody tr")).size() == 2);

        web.get(processes.url() + "/ui/index.html#/runs");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-run='" + run.id() + "'] a"))).click();
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".wf-row[data-position='1'] .attempts")));
        assertThat(first.getText()).isEqualTo("2 (1 failed)");
        web.findElement(By.cssSelector(".wf-row[data-position='1'] .op")).click();
        WebElement details = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".wf-details:not([hidden])")));
        assertThat(details.getText()).contains("profile service unavailable for ada", "IllegalStateException", "profile of ada");
        assertThat(web.findElement(By.cssSelector(".waiting")).getText()).contains("approval");
        browser.screenshot("02-run-waiting");

        WebElement payload = web.findElement(By.cssSelector(".waiting textarea"));
        payload.clear();
        payload.sendKeys("{\"approved\": true, \"by\": \"grace\"}");
        web.findElement(By.cssSelector(".waiting button[type='submit']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept(); // the answer is confirmed first (see ui_asksToConfirm...)
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .pill"), "completed"));
        assertThat(web.findElement(By.cssSelector(".io")).getText()).contains("profile of ada activated by grace");
        assertThat(web.findElements(By.cssSelector(".wf-row"))).hasSize(3);
        assertThat(web.findElement(By.cssSelector("button.danger")).isEnabled()).isFalse();
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
        browser.screenshot("03-run-completed");

        web.get(processes.url() + "/ui/index.html#/overview");
        WebElement stats = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".stats")));
        assertThat(stats.getText()).contains("Runs started", "4", "75.0%");
        browser.screenshot("04-overview");

        web.get(processes.url() + "/ui/index.html#/workers");
        WebElement workers = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.workers")));
        assertThat(workers.getText()).contains("onboarding", "greet", "0 / 1000");
        browser.screenshot("05-workers");
    }

    @Test
    void ui_showsARunningStepsLiveOutput_untilItIsJournaled() throws Exception {
        sharedRuntime();
        processes.worker(ObservedWorker.class.getName());
        Path release = dir.resolve("release-typing");
        RunInfo run = startWhenRegistered("typing", release.toString());

        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
        WebElement live = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".card.running-now .live-output")));
        wait.until(d -> live.getText().lines().count() >= 2); // the same element, growing token by token
        assertThat(live.getText()).containsPattern("line \\d+\nline \\d+");
        assertThat(web.findElement(By.cssSelector(".card.running-now .running-step")).getAttribute("data-position")).isEqualTo("1");
        browser.screenshot("06-run-live-output");

        java.nio.file.Files.writeString(release, "go");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .pill"), "completed"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".card.running-now")));
        assertThat(web.findElement(By.cssSelector(".io")).getText()).containsPattern("\\d+ lines");
    }

    @Test
    void ui_cancelsAWaitingRun_andShowsWhoStartedAndWhoCancelledIt() throws Exception {
        sharedRuntime();
        processes.worker(ObservedWorker.class.getName());
        dev.mainstay.sdk.NewToken starter = client.createToken("default", "client", null, "starter");
        MainstayClient asStarter = MainstayClient.builder().url(processes.url()).token(starter.token()).build();
        startWhenRegistered("greet", "warm-up"); // the worker is there
        RunInfo run = asStarter.start("onboarding", new ObservedWorker.Signup("eve", "acme"));
        await("waiting").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        var web = browser.web();
        logIn(processes.adminToken());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), " · admin"));
        String adminId = web.findElement(By.id("session")).getText().split(" ")[0];
        web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
        assertThat(fact("Started by")).isEqualTo(starter.info().id());
        assertThat(web.findElements(By.xpath("//dt[text()='Cancelled by']"))).isEmpty();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.danger"))).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .pill"), "cancelled"));
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(fact("Cancelled by")).isEqualTo(adminId).isNotEqualTo(starter.info().id());
        assertThat(fact("Started by")).isEqualTo(starter.info().id());
        assertThat(fact("Namespace")).isEqualTo("default");
        browser.screenshot("08-run-cancelled-by");
    }

    @Test
    void ui_cancelsTheLiveRunsItsFiltersSelect_afterShowingHowMany() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        startWhenRegistered("on-event", "warm-up"); // the worker is there
        Http http = new Http(processes);
        String tag = "bulk-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(http.post("/v1/workflows/order/runs?tag=" + tag, "{}").json().path("id").asText());
        }
        for (String id : ids) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.SUSPENDED);
        }
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs?workflow=order&tag=" + tag);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-bulk-cancel]"))).click();
        var alert = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(alert.getText()).contains("Cancel 3 live runs");
        alert.dismiss();
        assertThat(client.run(ids.get(0)).status()).as("dismissed: nothing cancelled").isEqualTo(RunStatus.SUSPENDED);
        web.findElement(By.cssSelector("button[data-bulk-cancel]")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        for (String id : ids) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.CANCELLED);
        }
    }

    @Test
    void ui_pausesResumesAndRestartsTheRunsItsFiltersSelect_afterShowingHowMany() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        processes.worker(CountingWorker.class.getName());
        startWhenRegistered("on-event", "warm-up"); // both workers are there
        startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 0));
        Http http = new Http(processes);
        String tag = "bulk-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        List<String> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(http.post("/v1/workflows/order/runs?tag=" + tag, "{}").json().path("id").asText());
        }
        String plan = dev.mainstay.sdk.internal.Json.MAPPER.writeValueAsString(new CountingWorker.Plan(dir.toString(), 2));
        List<String> finished = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = http.post("/v1/workflows/steps/runs?priority=5&tag=" + tag, plan).json().path("id").asText();
            assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
            finished.add(id);
        }
        for (String id : waiting) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.SUSPENDED);
        }
        var web = browser.web();
        logIn(processes.adminToken());

        // pause: counted, dismissed (nothing changes), then confirmed
        web.get(processes.url() + "/ui/index.html#/runs?workflow=order&tag=" + tag);
        By pause = By.cssSelector("button[data-bulk-pause]");
        wait.until(ExpectedConditions.elementToBeClickable(pause)).click();
        var asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).contains("Pause 3 live runs");
        asked.dismiss();
        assertThat(waiting).as("dismissed: nothing paused").allSatisfy(id -> assertThat(client.run(id).pausedAt()).isNull());
        assertThat(web.findElements(By.cssSelector("button[data-bulk-restart]"))).as("no finished status chosen, so shown")
                .hasSize(1);
        web.findElement(pause).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        for (String id : waiting) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.PAUSED);
        }
        browser.screenshot("14-bulk-paused");
        web.findElement(By.cssSelector("button[data-bulk-resume]")).click();
        assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("Resume 3 live runs");
        web.switchTo().alert().accept();
        for (String id : waiting) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.SUSPENDED && client.run(id).pausedAt() == null);
        }

        // restart: only for finished statuses; asks the position (1 by default), counts, confirms
        web.get(processes.url() + "/ui/index.html#/runs?workflow=steps&status=COMPLETED&tag=" + tag);
        By restart = By.cssSelector("button[data-bulk-restart]");
        wait.until(ExpectedConditions.elementToBeClickable(restart));
        assertThat(web.findElements(By.cssSelector("button[data-bulk-pause], button[data-bulk-cancel]"))).isEmpty();
        web.findElement(restart).click();
        var position = wait.until(ExpectedConditions.alertIsPresent());
        position.sendKeys("2");
        position.accept();
        assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("Restart 2 finished runs", "from position 2");
        web.switchTo().alert().accept();
        for (String original : finished) {
            var links = await().atMost(TIMEOUT).until(() -> http.get("/v1/runs/" + original + "/restarts").json()
                    .path("restarts"), restarts -> restarts.size() == 1);
            String id = links.get(0).asText();
            assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("effects.txt")).stream().filter(l -> l.startsWith(id)))
                    .as("step 1 copied, step 2 run again").containsExactly(id + " step 2");
        }

        // a run's page shows a priority other than 0, and none for 0
        web.get(processes.url() + "/ui/index.html#/runs/" + finished.get(0));
        assertThat(fact("Priority")).isEqualTo("5");
        web.get(processes.url() + "/ui/index.html#/runs/" + waiting.get(0));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("h1 .pill")));
        assertThat(web.findElements(By.xpath("//dt[text()='Priority']"))).isEmpty();
        waiting.forEach(client::cancel);
    }

    @Test
    void ui_pausesAndResumesAWorkflow_andSetsAndClearsItsRetention() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        RunInfo run = startWhenRegistered("order", java.util.Map.of("id", "o-2"));
        Http http = new Http(processes);
        var web = browser.web();
        logIn(processes.adminToken());
        try {
            // from a run's page, its workflow's name leads to the workflow's page
            web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("h1 a.workflow-link"))).click();
            WebElement state = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pause-state")));
            assertThat(state.getText()).contains("dispatching");
            assertThat(web.findElement(By.cssSelector("a[data-workflow-builds]")).getAttribute("href")).endsWith("#/builds/order");
            assertThat(web.findElement(By.cssSelector("a[data-workflow-runs]")).getAttribute("href")).endsWith("#/runs?workflow=order");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".workflow-settings [data-setting='Upgrade'] dd"))).getText()).isEqualTo("PINNED");
            assertThat(web.findElement(By.cssSelector(".workflow-settings [data-setting='Rate limit'] dd")).getText())
                    .isEqualTo("none");

            web.findElement(By.cssSelector("button[data-workflow-pause]")).click();
            assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("Pause 'order'");
            web.switchTo().alert().dismiss();
            assertThat(http.get("/v1/workflows/order/pause").json().path("paused").asBoolean()).as("dismissed").isFalse();
            web.findElement(By.cssSelector("button[data-workflow-pause]")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pause-state"), "paused"));
            var paused = http.get("/v1/workflows/order/pause").json();
            assertThat(paused.path("paused").asBoolean()).isTrue();
            assertThat(web.findElement(By.cssSelector(".pause-state")).getText()).contains(paused.path("pausedBy").asText());
            browser.screenshot("15-workflow-paused");
            web.findElement(By.cssSelector("button[data-workflow-resume]")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pause-state"), "dispatching"));
            assertThat(http.get("/v1/workflows/order/pause").json().path("paused").asBoolean()).isFalse();

            // retention: none here (the shared runtime has none either), a bad value, 7d, cleared
            assertThat(web.findElement(By.cssSelector(".retention-state")).getText()).contains("kept forever");
            WebElement field = web.findElement(By.cssSelector(".retention-form input[name='retention']"));
            field.sendKeys("a week", Keys.ENTER);
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "INVALID_ARGUMENT"));
            assertThat(client.retention("order").retention()).isNull();
            field = web.findElement(By.cssSelector(".retention-form input[name='retention']"));
            field.clear();
            field.sendKeys("7d", Keys.ENTER);
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".retention-state"), "7d"));
            assertThat(http.get("/v1/workflows/order/retention").json().path("retention").asText()).isEqualTo("7d");
            browser.screenshot("16-workflow-retention");
            web.findElement(By.cssSelector("button[data-clear-retention]")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".retention-state"), "kept forever"));
            assertThat(http.get("/v1/workflows/order/retention").json().path("retention").isNull()).isTrue();

            web.findElement(By.cssSelector("a[data-workflow-runs]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-run='" + run.id() + "']")));
        } finally {
            // the runtime is shared: leave the workflow as the other tests expect it
            client.resumeWorkflow("order");
            client.setRetention("order", null);
            client.cancel(run.id());
        }
    }

    @Test
    void ui_showsARunsAttributes_andFiltersTheRunsListByThem() throws Exception {
        sharedRuntime();
        processes.worker(AttributeWorker.class.getName());
        String customer = "c-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int amount : new int[] {50, 150}) {
            ids.add(startWhenRegistered("invoice", java.util.Map.of("customer", customer, "amount", amount, "express", false,
                    "due", "2026-12-01T00:00:00Z")).id());
        }
        for (String id : ids) {
            await().atMost(TIMEOUT).until(() -> client.run(id).status() == RunStatus.SUSPENDED);
        }
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + ids.get(1));
        WebElement amount = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".attributes [data-attribute='amount'] dd")));
        assertThat(amount.getText()).isEqualTo("150");
        browser.screenshot("12-run-attributes");
        // its customer links to the runs that share it
        web.findElement(By.cssSelector(".attributes [data-attribute='customer'] a")).click();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-run]")).size() == 2);
        WebElement box = web.findElement(By.cssSelector("input[name='attr']"));
        assertThat(box.getAttribute("value")).isEqualTo("customer=" + customer);
        box.sendKeys(" amount>=100", Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector("tr[data-run]")).size() == 1
                && d.findElements(By.cssSelector("tr[data-run='" + ids.get(1) + "']")).size() == 1);
        assertThat(web.findElement(By.cssSelector("tr[data-run='" + ids.get(1) + "'] td.attrs")).getText())
                .contains("amount=150").contains("customer=" + customer);
        browser.screenshot("13-runs-by-attribute");
        ids.forEach(client::cancel);
    }

    @Test
    void ui_restartsAFinishedRunFromAJournalRow_andOpensTheNewRun() throws Exception {
        sharedRuntime();
        processes.worker(CountingWorker.class.getName());
        RunInfo original = startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 3));
        assertThat(client.await(original.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + original.id());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".wf-row[data-position='2'] .op"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-restart='2']"))).click();
        assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("keeping positions 1 to 1");
        web.switchTo().alert().accept();
        wait.until(d -> !d.getCurrentUrl().endsWith(original.id()) && d.getCurrentUrl().contains("#/runs/"));
        String id = web.getCurrentUrl().substring(web.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(client.await(id, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("effects.txt")).stream().filter(l -> l.startsWith(id)))
                .containsExactly(id + " step 2", id + " step 3");
    }

    @Test
    void ui_pausesAWaitingRun_showsItPaused_andResumesIt() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        RunInfo run = startWhenRegistered("order", java.util.Map.of("id", "o-1"));
        await().atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Pause']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("h1 .pill.s-paused")));
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.PAUSED);
        assertThat(client.run(run.id()).pausedAt()).isNotNull();
        browser.screenshot("11-paused-run");
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Resume']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("h1 .pill.s-suspended")));
        assertThat(client.run(run.id()).pausedAt()).isNull();
        client.cancel(run.id());
    }

    @Test
    void ui_showsADebouncedRunsKey_whileLaterStartsStillReplaceItsInput() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        String key = "ui-" + java.util.UUID.randomUUID();
        var debounced = dev.mainstay.sdk.StartOptions.defaults().withDebounce(Duration.ofMinutes(10), key);
        RunInfo run = startWhenRegistered("order", java.util.Map.of("id", "o-1"), debounced);
        assertThat(client.start("order", java.util.Map.of("id", "o-2"), debounced).id()).isEqualTo(run.id());
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
        var shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dl.facts .debounce")));
        assertThat(shown.getText()).startsWith(key).contains("replace its input");
        assertThat(shown.getAttribute("data-debouncing")).isEqualTo("true");
        assertThat(web.findElements(By.cssSelector("h1 .pill.s-suspended"))).hasSize(1);
        browser.screenshot("12-debounced-run");
        client.cancel(run.id());
    }

    @Test
    void ui_showsWhatAQueuedRunWaitsFor_aPlaceUnderItsRateLimit() throws Exception {
        sharedRuntime();
        processes.worker(PacedWorker.class.getName());
        String customer = "ui-" + java.util.UUID.randomUUID();
        RunInfo first = startWhenRegistered("hourly", new PacedWorker.Job(customer, 1));
        assertThat(client.await(first.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        RunInfo held = client.start("hourly", new PacedWorker.Job(customer, 2));
        await().atMost(TIMEOUT).until(() -> client.run(held.id()).waitingFor() != null);
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + held.id());
        String shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dl.facts .waiting-for")))
                .getText();
        assertThat(shown).isEqualTo("a place under the rate limit of 'hourly' (1 per 1h)");
        assertThat(web.findElements(By.cssSelector("h1 .pill.s-pending"))).hasSize(1);
        browser.screenshot("12-rate-limited-run");
        client.cancel(held.id());
    }

    @Test
    void ui_createsAWebhookThatStartsRuns_andDeletesItOnlyOnceConfirmed() throws Exception {
        sharedRuntime();
        processes.worker(WebhookWorker.class.getName());
        startWhenRegistered("on-event", "warm-up"); // the worker is there
        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/webhooks");
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.webhook-form")));
        form.findElement(By.name("name")).sendKeys("ci");
        form.findElement(By.name("workflow")).sendKeys("on-event");
        new org.openqa.selenium.support.ui.Select(form.findElement(By.name("provider"))).selectByValue("generic");
        form.findElement(By.name("secret")).sendKeys(WebhooksIT.SECRET);
        form.findElement(By.cssSelector("button[type='submit']")).click();
        assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("'ci'", "'on-event'", "generic");
        web.switchTo().alert().accept();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-webhook='ci']")));
        assertThat(row.getText()).contains("on-event", "generic", processes.url() + "/v1/webhooks/ci")
                .doesNotContain(WebhooksIT.SECRET);
        browser.screenshot("10-webhooks");

        // the webhook made in the UI takes a signed delivery
        String body = "{\"build\":7}";
        Http.Response delivered = new Http(processes.url(), null).post("/v1/webhooks/ci", body,
                "X-Signature-256", "sha256=" + WebhooksIT.hmac(body), "X-Delivery-Id", "b-7");
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(201);
        assertThat(client.await(delivered.json().path("id").asText(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        row.findElement(By.cssSelector("button.danger")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(client.webhooks()).extracting(dev.mainstay.sdk.WebhookInfo::name).containsExactly("ci");
        web.findElement(By.cssSelector("tr[data-webhook='ci'] button.danger")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-webhook='ci']")));
        assertThat(client.webhooks()).isEmpty();
    }

    /** The value of a run page's fact, once the page shows it. */
    private String fact(String label) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//dl[contains(@class,'facts')]//dt[text()='" + label + "']/following-sibling::dd"))).getText();
    }

    @Test
    void browser_refusesAPageFramingTheUi_andAHostNameThatIsNotTheRuntimes() throws Exception {
        sharedRuntime();
        var web = browser.web();
        // a page of another origin that frames the UI (clickjacking): the browser must not render it
        com.sun.net.httpserver.HttpServer framer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!doctype html><title>framer</title><iframe id='ui' src='" + processes.url()
                + "/ui/index.html#/login'></iframe>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        framer.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        framer.start();
        try {
            web.get("http://127.0.0.1:" + framer.getAddress().getPort() + "/");
            wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("ui"));
            // what the frame holds is the browser's own error page, none of the UI
            assertThat(web.findElements(By.cssSelector("form.login"))).as("the UI rendered inside a foreign frame").isEmpty();
            assertThat(web.getPageSource()).doesNotContain("js/app.js");
            web.switchTo().defaultContent();
            browser.screenshot("09-framed-refused");
        } finally {
            framer.stop(0);
        }
        // the same page loaded directly is the UI (so the check above can fail)
        web.get(processes.url() + "/ui/index.html#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.login")));

        // DNS rebinding: a name of the attacker's that resolves to this machine (Browser maps it to
        // 127.0.0.1); the runtime answers only its own names, so the page and the API are refused
        String port = processes.url().substring(processes.url().lastIndexOf(':') + 1);
        web.get("http://" + Browser.REBOUND_HOST + ":" + port + "/ui/index.html");
        String body = wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("body"))).getText();
        assertThat(body).contains("FORBIDDEN", "Host '" + Browser.REBOUND_HOST + ":" + port + "'", "--allowed-hosts");
        assertThat(web.findElements(By.cssSelector("form.login"))).isEmpty();
        web.get("http://" + Browser.REBOUND_HOST + ":" + port + "/v1/runs");
        assertThat(web.findElement(By.tagName("body")).getText()).contains("FORBIDDEN").doesNotContain("\"runs\"");
    }

    @Test
    void ui_asksToConfirmAnApprovalBeforeSendingIt_andSendsNothingWhenDeclined() throws Exception {
        sharedRuntime();
        processes.worker(RetryWorker.class.getName());
        RunInfo run = startWhenRegistered("refund", null);
        await("waiting for approval").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);

        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/runs/" + run.id());
        By approve = By.xpath("//section[contains(@class,'waiting')]//button[text()='Approve']");
        wait.until(ExpectedConditions.elementToBeClickable(approve)).click();
        var asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).contains("Approve", "Refund 120 EUR to order 1001?", run.id());
        asked.dismiss();
        assertThat(web.findElement(By.cssSelector(".waiting")).isDisplayed()).isTrue();
        assertThat(client.run(run.id()).status()).as("declined: nothing sent").isEqualTo(RunStatus.SUSPENDED);
        assertThat(client.run(run.id()).waitingFor()).isEqualTo("approve-refund");
        browser.screenshot("07-approval-declined");

        web.findElement(approve).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("h1 .pill"), "completed"));
        assertThat(client.run(run.id()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(web.findElement(By.cssSelector(".io")).getText()).contains("refunded");
    }

    /** Logs in on the login page with {@code token}, and waits until the UI has left it. */
    private void logIn(String token) {
        var web = browser.web();
        web.get(processes.url() + "/ui/index.html#/login");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.login input[name='token']")));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
        wait.until(d -> !d.getCurrentUrl().contains("#/login"));
    }

    @Test
    void login_keepsTheSessionInAnHttpOnlyStrictCookie_logoutAndRevocationEndIt() throws Exception {
        sharedRuntime();
        processes.worker(ObservedWorker.class.getName());
        RunInfo greeted = startWhenRegistered("greet", "ada");
        client.await(greeted.id(), TIMEOUT);
        var web = browser.web();

        // no session: the UI goes to its login page, and comes back to where it was
        web.get(processes.url() + "/ui/index.html#/runs");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.login input[name='token']")));
        assertThat(web.getCurrentUrl()).contains("#/login?next=%2Fruns");
        assertThat(field.getAttribute("type")).isEqualTo("password");
        browser.screenshot("07-login");
        field.sendKeys(dev.mainstay.testing.ProcessSet.newAdminToken(), Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role='alert']"), "UNAUTHENTICATED"));
        String workerToken = client.createToken("default", "worker", null, "not for the UI").token();
        field.clear();
        field.sendKeys(workerToken, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role='alert']"), "FORBIDDEN"));
        assertThat(web.manage().getCookieNamed("mainstay_session")).isNull();

        dev.mainstay.sdk.NewToken reader = client.createToken("default", "reader", null, "ui viewer");
        field.clear();
        field.sendKeys(reader.token(), Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-run='" + greeted.id() + "']")));
        assertThat(web.getCurrentUrl()).endsWith("#/runs");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), reader.info().id() + " · reader"));
        org.openqa.selenium.Cookie cookie = web.manage().getCookieNamed("mainstay_session");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getValue()).doesNotContain(reader.token()).isNotEqualTo(reader.token());
        // page script cannot read it
        assertThat((String) ((org.openqa.selenium.JavascriptExecutor) web).executeScript("return document.cookie;"))
                .doesNotContain("mainstay_session");

        // the cookie alone authenticates reads; a change on it needs this runtime's own Origin
        Http withCookie = new Http(processes.url(), null);
        String sent = "mainstay_session=" + cookie.getValue();
        assertThat(withCookie.get("/v1/runs", "Cookie", sent).status()).isEqualTo(200);
        GatewayErrorsIT.assertError(withCookie.post("/v1/runs/" + greeted.id() + "/cancel", "{}", "Cookie", sent), 403,
                "FORBIDDEN", "must come from one of its pages");
        GatewayErrorsIT.assertError(withCookie.post("/v1/runs/" + greeted.id() + "/cancel", "{}", "Cookie", sent,
                "Origin", "https://evil.example"), 403, "FORBIDDEN", "origin");
        GatewayErrorsIT.assertError(withCookie.post("/v1/runs/" + greeted.id() + "/cancel", "{}", "Cookie", sent,
                "Origin", processes.url()), 403, "FORBIDDEN", "reader"); // past the session checks: the role decides

        // revoking the token ends its session at once: the UI is back at the login page
        client.revokeToken(reader.info().id());
        assertThat(withCookie.get("/v1/runs", "Cookie", sent).status()).isEqualTo(401);
        web.get(processes.url() + "/ui/index.html#/workers");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.login input[name='token']")));
        assertThat(web.getCurrentUrl()).contains("#/login?next=%2Fworkers");

        // log in as admin, log out: the cookie is gone and its session ended on the runtime too
        logIn(processes.adminToken());
        String adminSession = "mainstay_session=" + web.manage().getCookieNamed("mainstay_session").getValue();
        assertThat(withCookie.get("/v1/runs", "Cookie", adminSession).status()).isEqualTo(200);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#session button[data-logout]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.login input[name='token']")));
        wait.until(d -> d.manage().getCookieNamed("mainstay_session") == null);
        GatewayErrorsIT.assertError(withCookie.get("/v1/runs", "Cookie", adminSession), 401, "UNAUTHENTICATED",
                "session has ended");
    }

    @Test
    void ui_showsTheBuildsOfAWorkflow_andPromotesOneOnlyOnceConfirmed() throws Exception {
        processes.runtime(dataDir);
        processes.worker(DeployWorker.class.getName(), "v1");
        Path runDir = java.nio.file.Files.createDirectories(dir.resolve("v1-run"));
        RunInfo run = startWhenRegistered("order", runDir.toString());
        await("waiting on v1").atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.SUSPENDED);
        processes.worker(DeployWorker.class.getName(), "v2");
        await("v2 current").atMost(TIMEOUT).until(() -> client.builds("order").stream()
                .anyMatch(b -> b.buildId().equals("v2") && b.current() && b.workers() == 1));

        var web = browser.web();
        logIn(processes.adminToken());
        web.get(processes.url() + "/ui/index.html#/workers");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.chip[href='#/builds/order']"))).click();
        WebElement v1 = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-build='v1']")));
        assertThat(v1.findElement(By.cssSelector(".live-runs")).getText()).isEqualTo("1");
        assertThat(v1.findElement(By.cssSelector(".safe")).getText()).isEqualTo("keep running");
        WebElement v2 = web.findElement(By.cssSelector("tr[data-build='v2']"));
        assertThat(v2.findElement(By.cssSelector(".marks")).getText()).contains("current", "newest");
        assertThat(v2.findElements(By.cssSelector("button[data-promote]"))).as("the current build").isEmpty();
        assertThat(web.findElement(By.cssSelector("main")).getText()).contains("upgrade PINNED");
        browser.screenshot("08-builds");

        web.findElement(By.cssSelector("button[data-promote='v1']")).click();
        var asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).contains("build v1", "'order'");
        asked.dismiss();
        assertThat(client.builds("order")).as("declined: nothing changed").filteredOn(b -> b.current())
                .extracting(b -> b.buildId()).containsExactly("v2");

        web.findElement(By.cssSelector("button[data-promote='v1']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-build='v1'] .marks"), "current"));
        assertThat(client.builds("order")).filteredOn(b -> b.current()).extracting(b -> b.buildId()).containsExactly("v1");
        assertThat(web.findElements(By.cssSelector("tr[data-build='v2'] button[data-promote='v2']"))).hasSize(1);
        browser.screenshot("09-builds-promoted");
    }
}
