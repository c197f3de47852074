package dev.mainstay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.store.Attempt;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spans of a run, checked with the OpenTelemetry SDK's in-memory exporter. */
class RunTracingTest {
    static final String RUN = "01a23000-0000-7000-8000-000000000001";
    static final String CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    static final long T0 = 1_760_000_000_000L;

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setIdGenerator(Tracing.idGenerator())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    Telemetry telemetry(Optional<String> traceParent, TelemetryConfig config) {
        return Telemetry.forTests(config, provider.get("test"), id -> traceParent);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static RunRecord run(RunStatus status, byte[] input, byte[] output, Failure failure) {
        return new RunRecord(RUN, "checkout", ComponentKind.WORKFLOW, status, input, output, failure, "order-1", 2, "w1",
                T0, T0 + 5_000, status.isFinal() ? T0 + 5_000 : null, null, null, null, null, null, 0, null, null, null);
    }

    /** A run that retried a step, waited for an event and finished, as the engine reports it. */
    List<SpanData> lifecycle(Telemetry telemetry, RunStatus outcome) {
        byte[] input = json("{\"order\":\"o-1\",\"card\":{\"number\":\"4111\",\"password\":\"hunter2\"}}");
        telemetry.started(run(RunStatus.PENDING, input, null, null));
        telemetry.claimed(run(RunStatus.RUNNING, input, null, null), 1, "w1");
        telemetry.attemptFailed(RUN, new Attempt(1, 1, "step", "charge-card",
                new Failure("STEP_FAILED", "java.io.IOException", "card gateway down", "java.io.IOException: card gateway down\n\tat X"),
                T0 + 10, T0 + 60, T0 + 1_060), Map.of("tenant.id", "acme"));
        telemetry.appended(RUN, new JournalEntry(1, "step", "charge-card", true, null, json("\"ch_1\""), null, 2,
                T0 + 1_100, T0 + 1_150), Map.of("tenant.id", "acme", "payment.provider", "acme-pay"));
        telemetry.appended(RUN, new JournalEntry(2, "now", "now", true, null, json("1"), null, 1, T0 + 1_200, T0 + 1_200), Map.of());
        telemetry.waiting(RUN, 3, "shipped", T0 + 1_300);
        telemetry.appended(RUN, new JournalEntry(3, "event", "shipped", true, null, json("{\"received\":true,\"payload\":1}"),
                null, 1, T0 + 4_000, T0 + 4_000), Map.of());
        telemetry.finished(run(outcome, input, outcome == RunStatus.COMPLETED ? json("\"done\"") : null,
                outcome == RunStatus.FAILED ? new Failure("WORKFLOW_FAILED", "java.lang.IllegalStateException", "boom", null) : null),
                Map.of("tenant.id", "acme"));
        return exporter.getFinishedSpanItems();
    }

    static SpanData named(List<SpanData> spans, String name, int attempt) {
        return spans.stream().filter(s -> s.getName().equals(name)
                        && (attempt == 0 || Long.valueOf(attempt).equals(s.getAttributes().get(AttributeKey.longKey("mainstay.operation.attempt")))))
                .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " #" + attempt + " in " + spans));
    }

    @Test
    void run_isAChildOfTheCallersSpan_andItsOperationsAreChildrenOfTheRun() {
        List<SpanData> spans = lifecycle(telemetry(Optional.of(CALLER), TelemetryConfig.defaults()), RunStatus.COMPLETED);

        assertThat(spans).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("step charge-card", "step charge-card", "event shipped", "run checkout");
        SpanData run = named(spans, "run checkout", 0);
        assertThat(run.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(run.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(run.getSpanId()).isEqualTo(TraceIds.run(RUN, TraceParent.parse(CALLER)).getSpanId());
        assertThat(run.getStartEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0));
        assertThat(run.getEndEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0 + 5_000));
        assertThat(run.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("mainstay.run.status"))).isEqualTo("COMPLETED");
        for (SpanData span : spans) {
            assertThat(span.getTraceId()).isEqualTo(run.getTraceId());
            if (span != run) {
                assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(run.getSpanId());
            }
        }
        SpanData failed = named(spans, "step charge-card", 1);
        assertThat(failed.getSpanId()).isEqualTo(TraceIds.operation(RUN, 1, 1));
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo("java.io.IOException");
            assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("card gateway down");
            assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.stacktrace"))).contains("at X");
        });
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("tenant.id"))).isEqualTo("acme");
        SpanData succeeded = named(spans, "step charge-card", 2);
        assertThat(succeeded.getSpanId()).isEqualTo(TraceIds.operation(RUN, 1, 2));
        assertThat(succeeded.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(succeeded.getAttributes().get(AttributeKey.stringKey("payment.provider"))).isEqualTo("acme-pay");
        assertThat(succeeded.getAttributes().get(AttributeKey.stringKey("mainstay.output"))).isEqualTo("\"ch_1\"");
        SpanData wait = named(spans, "event shipped", 0);
        assertThat(wait.getStartEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0 + 1_300));
        assertThat(wait.getEndEpochNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(T0 + 4_000));
    }

    @Test
    void run_withoutACallerIsATraceOfItsOwnNamedByTheRunId() {
        List<SpanData> spans = lifecycle(telemetry(Optional.empty(), TelemetryConfig.defaults()), RunStatus.FAILED);

        SpanData run = named(spans, "run checkout", 0);
        assertThat(run.getTraceId()).isEqualTo(RUN.replace("-", ""));
        assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(run.getStatus().getDescription()).contains("WORKFLOW_FAILED", "boom");
    }

    @Test
    void payloads_onSpansAreRedactedAndTruncated() {
        Telemetry telemetry = telemetry(Optional.empty(), TelemetryConfig.defaults().withPreviewBytes(40)
                .withRedactFields(Set.of("password")));
        telemetry.redactedFields(List.of("number")); // as a worker declares its @Redact fields
        SpanData run = named(lifecycle(telemetry, RunStatus.COMPLETED), "run checkout", 0);

        String input = run.getAttributes().get(AttributeKey.stringKey("mainstay.input"));
        assertThat(input).doesNotContain("4111", "hunter2").startsWith("{\"order\":\"o-1\",\"card\":{\"number\":\"***\"")
                .endsWith("… (61 bytes, truncated)");
    }

    @Test
    void traceParent_isWhatAWorkerGetsForTheRun() {
        Telemetry telemetry = telemetry(Optional.of(CALLER), TelemetryConfig.defaults());
        assertThat(telemetry.traceParent(RUN))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-" + TraceIds.run(RUN, TraceParent.parse(CALLER)).getSpanId() + "-01");
        Telemetry off = Telemetry.forTests(TelemetryConfig.defaults(), null, id -> Optional.of(CALLER));
        assertThat(off.traceParent(RUN)).isNull();
        lifecycle(off, RunStatus.COMPLETED);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void traceParent_invalidHeadersAreIgnored() {
        assertThat(TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isPresent();
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceParent.parse("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceParent.parse("garbage")).isEmpty();
        assertThat(TraceParent.parse(null)).isEmpty();
    }

    @Test
    void tracing_isOffUnlessAnExporterIsConfigured() {
        assertThat(Tracing.fromEnvironment(name -> null)).isEmpty();
        assertThat(Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://x:4318")::get))
                .isEmpty();
        assertThat(Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://x:4318", "OTEL_SDK_DISABLED", "true")::get))
                .isEmpty();
        try (var sdk = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")::get).orElseThrow()) {
            assertThat(sdk.getSdkTracerProvider()).isNotNull();
        }
    }

    @Test
    void childRun_isAChildOfItsParentRunsSpan() {
        String parent = "01a23000-0000-7000-8000-0000000000ff";
        Telemetry telemetry = Telemetry.forTests(TelemetryConfig.defaults(), provider.get("test"),
                id -> id.equals(parent) ? Optional.of(CALLER) : Optional.empty(),
                id -> id.equals(RUN) ? Optional.of(parent) : Optional.empty());
        SpanData child = named(lifecycle(telemetry, RunStatus.COMPLETED), "run checkout", 0);
        assertThat(child.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(child.getParentSpanId()).isEqualTo(TraceIds.run(parent, TraceParent.parse(CALLER)).getSpanId());
    }

    @Test
    void operationIds_matchTheSdks() {
        // the SDK derives the same id for Span.current() in a step (RunSpansTest checks the same vector)
        assertThat(TraceIds.operation("run-1", 3, 2)).isEqualTo("13d29871c766d70a");
    }
}
