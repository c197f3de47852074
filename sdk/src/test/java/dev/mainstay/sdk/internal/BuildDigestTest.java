package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import org.junit.jupiter.api.Test;

/** The build id of a worker that names none: a digest of the classes that declare its components. */
class BuildDigestTest {
    static class Orders {
        @Workflow
        public String order(WorkflowContext ctx, String id) {
            return id;
        }
    }

    static class OtherOrders {
        @Workflow(name = "order")
        public String order(WorkflowContext ctx, String id) {
            return id + "!";
        }
    }

    private static String digestOf(Object... targets) {
        Components components = new Components();
        for (Object target : targets) {
            components.register(target);
        }
        return BuildDigest.of(components);
    }

    @Test
    void digest_isStableForTheSameClasses_andChangesWithTheClassThatDeclaresAComponent() {
        String orders = digestOf(new Orders());
        assertThat(orders).matches("sha256-[0-9a-f]{16}").isEqualTo(digestOf(new Orders()));
        assertThat(digestOf(new OtherOrders())).as("same name, another body").isNotEqualTo(orders);
    }

    @Test
    void buildId_refusesBlankOrOverlongIds() {
        assertThatThrownBy(() -> Worker.builder().buildId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buildId was ' '");
        assertThatThrownBy(() -> Worker.builder().buildId("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Worker.builder().buildId("2026-12-01.3")).isNotNull();
    }
}
