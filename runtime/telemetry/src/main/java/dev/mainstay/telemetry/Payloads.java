package dev.mainstay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Payload previews: the JSON of an input, output or event made safe to show. Fields named as a
 * secret (configured, or declared by a worker's {@code @Redact}; matched as {@link SecretNames}
 * says, so {@code accessToken} and {@code client_secret} are caught) are masked at any depth, then
 * the {@link PayloadRedactor} hooks run, then the text is cut to the preview size. Free text (error
 * messages, stack traces, live output) has its {@code name=value} secrets masked
 * ({@link SecretText}) and is cut the same way. Thread-safe.
 */
public final class Payloads {
    static final String MASK = "***";
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    private final int previewBytes;
    private final SecretNames redactFields = new SecretNames();
    private final SecretText secretText = new SecretText(redactFields);
    private final List<PayloadRedactor> hooks;

    public Payloads(TelemetryConfig config) {
        this(config, ServiceLoader.load(PayloadRedactor.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    Payloads(TelemetryConfig config, List<PayloadRedactor> hooks) {
        this.previewBytes = config.previewBytes();
        this.hooks = List.copyOf(hooks);
        addRedactFields(config.redactFields());
    }

    /** Adds field names to mask (a worker's {@code @Redact} fields). */
    public void addRedactFields(Iterable<String> names) {
        for (String name : names) {
            redactFields.add(name);
        }
    }

    public int previewBytes() {
        return previewBytes;
    }

    /** The redacted JSON text, whole; null for null. Not valid JSON text is returned as a masked note. */
    public String redact(byte[] json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null) {
                return null;
            }
            node = mask(node);
            for (PayloadRedactor hook : hooks) {
                node = hook.redact(node);
            }
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            return "\"(not JSON, " + json.length + " bytes)\"";
        }
    }

    /**
     * The redacted JSON text when it fits the preview size; else a JSON string holding its start,
     * an ellipsis and the full size, which shows as text and cannot be mistaken for the value.
     */
    public String preview(byte[] json) {
        String text = redact(json);
        if (text == null || text.length() <= previewBytes) {
            return text;
        }
        String cut = text.substring(0, previewBytes) + "… (" + json.length + " bytes, truncated)";
        try {
            return MAPPER.writeValueAsString(cut);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #preview} as it reads in a span attribute: JSON text, or the truncated text itself. */
    String attribute(byte[] json) {
        String preview = preview(json);
        if (preview != null && preview.startsWith("\"") && preview.endsWith("truncated)\"")) {
            try {
                return MAPPER.readTree(preview).asText();
            } catch (IOException e) {
                return preview;
            }
        }
        return preview;
    }

    /**
     * A plain text (an error message, a stack trace, a step's live output) made safe to show: its
     * secrets masked, then cut to the preview size.
     */
    public String text(String text) {
        String safe = secretText.redact(text);
        return safe == null || safe.length() <= previewBytes ? safe
                : safe.substring(0, previewBytes) + "… (" + safe.length() + " chars, truncated)";
    }

    private JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (redactFields.matches(name)) {
                    object.set(name, TextNode.valueOf(MASK));
                } else {
                    mask(object.get(name));
                }
            }
        } else if (node.isArray()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                mask(it.next());
            }
        }
        return node;
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
