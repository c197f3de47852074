package dev.mainstay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The field-name matcher and free-text redaction: case, separators and common variants. */
class SecretNamesTest {
    private static final Payloads PAYLOADS = new Payloads(TelemetryConfig.defaults(), List.of());
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "apiKey", "authorization",
            "privateKey", "credentials");

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaults_catchTheCommonVariants() {
        for (String field : List.of("password", "Password", "PASSWORD", "dbPassword", "db_password", "passwd",
                "accessToken", "access_token", "ACCESS-TOKEN", "refreshToken", "id_token", "X-Auth-Token",
                "client_secret", "clientSecret", "CLIENT_SECRET", "secret", "apiKey", "api_key", "API-KEY", "x-api-key",
                "authorization", "Proxy-Authorization", "privateKey", "private_key", "secretKey", "aws_secret_key",
                "credentials", "Cookie", "set-cookie")) {
            assertThat(PAYLOADS.redact(json("{\"" + field + "\":\"s3cr3t\"}"))).as(field).doesNotContain("s3cr3t");
        }
    }

    @Test
    void defaults_leaveCountsAndOrdinaryNamesReadable() {
        for (String field : List.of("inputTokens", "outputTokens", "maxTokens", "tokens", "token_count", "passwordHint",
                "user", "keyboard", "secretary_name", "monkey", "id")) {
            assertThat(PAYLOADS.redact(json("{\"" + field + "\":\"visible\"}"))).as(field).contains("visible");
        }
    }

    @Test
    void text_masksNamedSecretsInMessagesAndStackTraces() {
        assertThat(PAYLOADS.text("login failed for user=ada password=hunter2; retry"))
                .isEqualTo("login failed for user=ada password=***; retry");
        assertThat(PAYLOADS.text("request {\"client_secret\": \"abc\\\"def\", \"scope\": \"read\"} refused"))
                .isEqualTo("request {\"client_secret\": \"***\", \"scope\": \"read\"} refused");
        assertThat(PAYLOADS.text("HTTP 401 with Authorization: Bearer eyJhbGciOi.x.y sent"))
                .isEqualTo("HTTP 401 with Authorization: *** sent");
        assertThat(PAYLOADS.text("java.lang.IllegalStateException: accessToken='t0k' expired\n\tat a.B.c(B.java:1)"))
                .isEqualTo("java.lang.IllegalStateException: accessToken='***' expired\n\tat a.B.c(B.java:1)");
        assertThat(PAYLOADS.text("https://api/x?api_key=k123&page=2")).isEqualTo("https://api/x?api_key=***&page=2");
        assertThat(PAYLOADS.text("inputTokens=12 outputTokens: 30")).isEqualTo("inputTokens=12 outputTokens: 30");
        assertThat(PAYLOADS.text(null)).isNull();
    }

    @Test
    void text_isCutToThePreviewSizeAfterRedaction() {
        Payloads small = new Payloads(TelemetryConfig.defaults().withPreviewBytes(16), List.of());
        assertThat(small.text("password=" + "x".repeat(100))).isEqualTo("password=***");
        assertThat(small.text("y".repeat(40))).startsWith("y".repeat(16)).endsWith("(40 chars, truncated)");
    }

    @Property(tries = 300)
    void anyNameEndingWithASecretWord_isMasked_inAnyCaseWithAnySeparators(@ForAll("secretFields") String field) {
        assertThat(PAYLOADS.redact(json("{\"" + field + "\":\"v4lue\",\"n\":[{\"" + field + "\":1}]}")))
                .doesNotContain("v4lue").doesNotContain(":1");
        assertThat(PAYLOADS.text("failed: " + field + "=v4lue")).doesNotContain("v4lue");
        assertThat(PAYLOADS.text("failed: \"" + field + "\": \"v4lue\"")).doesNotContain("v4lue");
    }

    @Provide
    Arbitrary<String> secretFields() {
        Arbitrary<String> prefix = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(8);
        Arbitrary<String> separator = Arbitraries.of("", "_", "-", ".");
        Arbitrary<String> word = Arbitraries.of(SECRET_WORDS).flatMap(w -> Arbitraries.of(w, w.toUpperCase(),
                w.toLowerCase(), Character.toUpperCase(w.charAt(0)) + w.substring(1)));
        return Combinators.combine(prefix, separator, word).as((p, s, w) -> p.isEmpty() ? w : p + s + w);
    }

    @Property(tries = 300)
    void namesNotEndingWithASecretWord_stayReadable(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String field) {
        SecretNames names = new SecretNames();
        TelemetryConfig.defaults().redactFields().forEach(names::add);
        String normal = SecretNames.normalize(field);
        boolean secret = TelemetryConfig.defaults().redactFields().stream()
                .anyMatch(w -> normal.endsWith(SecretNames.normalize(w)));
        assertThat(names.matches(field)).isEqualTo(secret);
    }

    @Property(tries = 500)
    void text_neverFails_andNeverGrowsUnboundedly(@ForAll @StringLength(max = 300) String text) {
        String safe = PAYLOADS.text(text);
        assertThat(safe).isNotNull();
        assertThat(safe.length()).isLessThanOrEqualTo(Math.max(text.length(), 4096 + 40) + 3 * text.length());
    }

    @Test
    void addedFields_fromWorkers_matchTheSameWay() {
        Payloads payloads = new Payloads(TelemetryConfig.defaults().withRedactFields(Set.of()), List.of());
        payloads.addRedactFields(List.of("ssn"));
        assertThat(payloads.redact(json("{\"customer_SSN\":\"1\",\"ssnHint\":\"2\"}")))
                .isEqualTo("{\"customer_SSN\":\"***\",\"ssnHint\":\"2\"}");
    }
}
