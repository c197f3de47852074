package dev.mainstay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** A namespace's scrape of a real Prometheus registry: its series and the runtime-wide ones, never another's. */
class NamespaceFilterTest {

    @Test
    void aNamespacesScrape_leavesOutEveryOtherNamespacesSeries_andKeepsTheRuntimeWideOnes() {
        RuntimeMetrics metrics = new RuntimeMetrics();
        metrics.registry().counter("mainstay.runs.started", Tags.of("namespace", "payments", "workflow", "charge")).increment(3);
        metrics.registry().counter("mainstay.runs.started", Tags.of("namespace", "hr", "workflow", "hire-secretly")).increment();
        metrics.leaseExpired();

        String payments = metrics.scrape("payments");
        assertThat(payments).contains("mainstay_runs_started_total{namespace=\"payments\",workflow=\"charge\"} 3.0")
                .contains("mainstay_lease_expiries_total 1.0")
                .doesNotContain("hire-secretly").doesNotContain("namespace=\"hr\"");
        assertThat(metrics.scrape(null)).contains("hire-secretly", "charge");
        assertThat(metrics.scrape("nobody")).doesNotContain("charge", "hire-secretly").contains("mainstay_lease_expiries_total");
    }

    /** Whatever another label's value holds (quotes, commas, braces, a fake namespace label), the filter is not fooled. */
    @Property(tries = 200)
    void aWorkflowNameCannotSmuggleASeriesIntoAnotherNamespace(@ForAll @StringLength(min = 1, max = 40) String workflow) {
        RuntimeMetrics metrics = new RuntimeMetrics();
        String forged = workflow + "\",namespace=\"payments";
        metrics.registry().counter("mainstay.runs.started", Tags.of("namespace", "hr", "workflow", forged)).increment();
        metrics.registry().counter("mainstay.runs.started", Tags.of("namespace", "payments", "workflow", "charge")).increment();

        assertThat(metrics.scrape("payments").lines().filter(l -> l.startsWith("mainstay_runs_started_total")))
                .containsExactly("mainstay_runs_started_total{namespace=\"payments\",workflow=\"charge\"} 1.0");
        assertThat(metrics.scrape("hr").lines().filter(l -> l.startsWith("mainstay_runs_started_total"))).hasSize(1);
    }
}
