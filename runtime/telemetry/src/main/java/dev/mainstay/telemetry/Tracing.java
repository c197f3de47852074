package dev.mainstay.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether the runtime traces, from the standard {@code OTEL_*} variables (or {@code otel.*}
 * system properties). Tracing is on only when an exporter is configured: {@code OTEL_TRACES_EXPORTER}
 * other than {@code none}, or an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); and {@code OTEL_SDK_DISABLED} is not true. Otherwise
 * no SDK is built and nothing about spans runs at all. The SDK then comes from autoconfigure
 * (exporter, protocol, headers, sampler, resource all as the variables say), with the service name
 * {@code mainstay-runtime} and metrics and logs exporters off unless set (metrics go to /metrics).
 */
public final class Tracing {
    private Tracing() {}

    /** An SDK when the environment asks for traces, else empty. */
    public static Optional<OpenTelemetrySdk> fromEnvironment() {
        return fromEnvironment(name -> Optional.ofNullable(System.getProperty(name.toLowerCase().replace('_', '.')))
                .or(() -> Optional.ofNullable(System.getenv(name))).orElse(null));
    }

    static Optional<OpenTelemetrySdk> fromEnvironment(Function<String, String> env) {
        if ("true".equalsIgnoreCase(env.apply("OTEL_SDK_DISABLED"))) {
            return Optional.empty();
        }
        String exporter = env.apply("OTEL_TRACES_EXPORTER");
        boolean endpoint = env.apply("OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || env.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
        boolean wanted = exporter != null ? !exporter.isBlank() && !exporter.equalsIgnoreCase("none") : endpoint;
        if (!wanted) {
            return Optional.empty();
        }
        org.slf4j.LoggerFactory.getLogger(Tracing.class).info("event=tracing_enabled exporter={}", exporter == null ? "otlp" : exporter);
        PresetIds ids = new PresetIds();
        return Optional.of(AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "mainstay-runtime",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addTracerProviderCustomizer((builder, config) -> builder.setIdGenerator(ids))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk());
    }

    /** The tracer of the runtime's spans. */
    static Tracer tracer(OpenTelemetry otel) {
        return otel.getTracer("dev.mainstay.runtime");
    }

    /** The id generator the runtime's tracer provider must use; for tests that build their own SDK. */
    public static io.opentelemetry.sdk.trace.IdGenerator idGenerator() {
        return new PresetIds();
    }
}
