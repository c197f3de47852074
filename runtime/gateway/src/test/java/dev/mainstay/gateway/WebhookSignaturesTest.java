package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {
    private static final long NOW = 1_800_000_000L;

    @Property
    void aDeliverySignedWithTheSecret_passesEveryScheme(@ForAll @StringLength(min = 16, max = 64) String secret,
                                                        @ForAll byte[] body) {
        for (WebhookSignatures scheme : WebhookSignatures.values()) {
            assertThatCode(() -> scheme.verify(secret, signed(scheme, secret, body, NOW), body, NOW))
                    .as(scheme.label()).doesNotThrowAnyException();
        }
    }

    @Property
    void anyChangedByte_orAnotherSecret_isRefused(@ForAll @StringLength(min = 16, max = 64) String secret,
                                                  @ForAll @StringLength(min = 1, max = 200) String text,
                                                  @ForAll @IntRange(min = 0, max = 199) int at) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] tampered = body.clone();
        tampered[at % body.length] ^= 1;
        for (WebhookSignatures scheme : WebhookSignatures.values()) {
            UnaryOperator<String> headers = signed(scheme, secret, body, NOW);
            assertRefused(() -> scheme.verify(secret, headers, tampered, NOW));
            assertRefused(() -> scheme.verify(secret + "x", headers, body, NOW));
        }
    }

    @Test
    void aSignedTimestampOutsideTheTolerance_isRefused_forStripeAndSlack() {
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        for (WebhookSignatures scheme : new WebhookSignatures[] {WebhookSignatures.STRIPE, WebhookSignatures.SLACK}) {
            long old = NOW - WebhookSignatures.TOLERANCE_SECONDS - 1;
            assertRefused(() -> scheme.verify("0123456789abcdef", signed(scheme, "0123456789abcdef", body, old), body, NOW));
            long edge = NOW - WebhookSignatures.TOLERANCE_SECONDS;
            assertThatCode(() -> scheme.verify("0123456789abcdef", signed(scheme, "0123456789abcdef", body, edge), body, NOW))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void missingOrMalformedHeaders_areRefusedWithWhatIsMissing() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookSignatures.GITHUB.verify("0123456789abcdef", h -> null, body, NOW))
                .hasMessageContaining("no X-Hub-Signature-256");
        assertRefused(() -> WebhookSignatures.GITHUB.verify("0123456789abcdef",
                Map.of("X-Hub-Signature-256", "sha256=zz")::get, body, NOW));
        assertThatThrownBy(() -> WebhookSignatures.STRIPE.verify("0123456789abcdef",
                Map.of("Stripe-Signature", "v1=00")::get, body, NOW)).hasMessageContaining("t= and v1=");
        assertThatThrownBy(() -> WebhookSignatures.SLACK.verify("0123456789abcdef",
                Map.of("X-Slack-Request-Timestamp", "soon", "X-Slack-Signature", "v0=00")::get, body, NOW))
                .hasMessageContaining("not a number");
    }

    /** The headers a provider of {@code scheme} would send for {@code body} at {@code at}. */
    static UnaryOperator<String> signed(WebhookSignatures scheme, String secret, byte[] body, long at) {
        Map<String, String> headers = switch (scheme) {
            case GITHUB -> Map.of("X-Hub-Signature-256", "sha256=" + WebhookSignatures.hexHmac(secret, body));
            case GENERIC -> Map.of("X-Signature-256", "sha256=" + WebhookSignatures.hexHmac(secret, body));
            case STRIPE -> Map.of("Stripe-Signature", "t=" + at + ",v1=" + "00".repeat(32) + ",v1="
                    + WebhookSignatures.hexHmac(secret, concat(at + ".", body)));
            case SLACK -> Map.of("X-Slack-Request-Timestamp", String.valueOf(at),
                    "X-Slack-Signature", "v0=" + WebhookSignatures.hexHmac(secret, concat("v0:" + at + ":", body)));
        };
        return headers::get;
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(p, p.length + body.length);
        System.arraycopy(body, 0, all, p.length, body.length);
        return all;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
}
