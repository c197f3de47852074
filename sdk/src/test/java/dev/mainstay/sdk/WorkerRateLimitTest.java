package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code @Workflow(rateLimit = ..., queue = ...)}: a malformed setting stops the worker at build, naming the workflow. */
class WorkerRateLimitTest {
    static class Paced {
        @Workflow(rateLimit = "100/1m", rateKey = "customerId")
        public String paced(WorkflowContext ctx, String input) {
            return input;
        }
    }

    static class Misspelt {
        @Workflow(name = "misspelt", rateLimit = "100 per minute")
        public String misspelt(WorkflowContext ctx, String input) {
            return input;
        }
    }

    static class QueuedWithoutLimit {
        @Workflow(name = "mail", queue = "emails")
        public String mail(WorkflowContext ctx, String input) {
            return input;
        }
    }

    @Test
    void build_refusesAQueueWithoutItsLimit() {
        assertThatThrownBy(() -> Worker.builder().target("127.0.0.1:1").register(new QueuedWithoutLimit()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Workflow 'mail': queue 'emails' needs maxConcurrency (the queue's limit, shared by its"
                        + " workflows), at least 1");
    }

    @Test
    void build_acceptsAWellFormedLimit_andRefusesAMalformedOne() {
        assertThatCode(() -> Worker.builder().target("127.0.0.1:1").register(new Paced()).build().close())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Worker.builder().target("127.0.0.1:1").register(new Misspelt()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("@Workflow 'misspelt': rateLimit '100 per minute' is not a rate limit: ");
    }
}
