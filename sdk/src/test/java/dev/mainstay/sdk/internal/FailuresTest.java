package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.sdk.Secrets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A failure leaves the process without any masked value, in its message, its cause's, or its stack trace. */
class FailuresTest {

    @Test
    void aMaskedValue_isReplacedInTheMessageTheCausesAndTheStackTrace() {
        String key = "sk-" + UUID.randomUUID();
        Secrets.mask(key);
        RuntimeException thrown = new IllegalStateException("call failed",
                new RuntimeException("{\"error\":\"bad key " + key + "\"}"));
        thrown.addSuppressed(new RuntimeException(key));
        Failure failure = Failures.of(ErrorCode.STEP_FAILED, new RuntimeException("provider said: " + key, thrown));

        assertThat(failure.getMessage()).isEqualTo("provider said: ***");
        assertThat(failure.getStackTrace()).doesNotContain(key).contains("bad key ***", "call failed");
        assertThat(failure.getType()).isEqualTo(RuntimeException.class.getName());
    }

    @Test
    void shortOrBlankValues_areNotMasked_soOrdinaryTextStaysReadable() {
        Secrets.mask("abc");
        Secrets.mask("   ");
        Secrets.mask(null);
        Failure failure = Failures.of(ErrorCode.STEP_FAILED, new RuntimeException("abc failed"));
        assertThat(failure.getMessage()).isEqualTo("abc failed");
    }

    @Test
    void aValueLongerThanTheMessageLimit_isMaskedBeforeTheCut() {
        String key = "k".repeat(5_000);
        Secrets.mask(key);
        Failure failure = Failures.of(ErrorCode.STEP_FAILED, new RuntimeException("x" + key));
        assertThat(failure.getMessage()).isEqualTo("x***");
    }
}
