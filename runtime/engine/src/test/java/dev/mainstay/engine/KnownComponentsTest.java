package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KnownComponentsTest {
    private final Map<String, ComponentRecord> stored = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000);
    private Runnable duringRead = () -> {};
    private final KnownComponents components = new KnownComponents(name -> {
        reads.incrementAndGet();
        Optional<ComponentRecord> found = Optional.ofNullable(stored.get(name));
        duringRead.run();
        return found;
    }, now::get);

    private static ComponentRecord workflow(String name, Long runTimeoutMs) {
        return new ComponentRecord(name, ComponentKind.WORKFLOW, null, runTimeoutMs, null, null, null);
    }

    @Test
    void aComponentReadOnce_isAnsweredWithoutTheStoreUntilItIsNoLongerFresh() {
        stored.put("orders", workflow("orders", null));

        assertThat(components.get("orders")).contains(workflow("orders", null));
        stored.put("orders", workflow("orders", 5_000L)); // another node's registration, unheard of here
        now.addAndGet(KnownComponents.FRESH_NANOS - 1);
        assertThat(components.get("orders")).contains(workflow("orders", null));
        assertThat(reads).hasValue(1);

        now.addAndGet(1);
        assertThat(components.get("orders")).contains(workflow("orders", 5_000L));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aComponentNotFound_isReadAgainAtTheNextStart_soANewRegistrationCountsAtOnce() {
        assertThat(components.get("orders")).isEmpty();
        stored.put("orders", workflow("orders", null));

        assertThat(components.get("orders")).contains(workflow("orders", null));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChange_makesTheNextGetReadTheStore() {
        stored.put("orders", workflow("orders", null));
        components.get("orders");
        stored.put("orders", workflow("orders", 5_000L));

        components.changed();

        assertThat(components.get("orders")).contains(workflow("orders", 5_000L));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadOverlappingAChange_isNotKept_forItMayHoldTheSettingsBeforeIt() {
        stored.put("orders", workflow("orders", null));
        duringRead = () -> {
            stored.put("orders", workflow("orders", 5_000L));
            components.changed(); // the registration commits after the read saw the old row
        };
        assertThat(components.get("orders")).contains(workflow("orders", null));
        duringRead = () -> {};

        assertThat(components.get("orders")).contains(workflow("orders", 5_000L));
        assertThat(reads).hasValue(2);
    }
}
