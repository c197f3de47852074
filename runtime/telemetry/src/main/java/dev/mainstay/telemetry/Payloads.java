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
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payload previews: the JSON of an input, output or event made safe to show. Fields named as a
 * secret (configured, or declared by a worker's {@code @Redact}) are masked at any depth, then the
 * {@link PayloadRedactor} hooks run, then the text is cut to the preview size. Thread-safe.
 */
public final class Payloads {
    static final String MASK = "***";
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    private final int previewBytes;
    private final Set<String> redactFields = ConcurrentHashMap.newKeySet();
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
            redactFields.add(name.toLowerCase(Locale.ROOT));
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

    /** Truncates a plain text (an error message, a stack trace) to the preview size. */
    public String text(String text) {
        return text == null || text.length() <= previewBytes ? text
                : text.substring(0, previewBytes) + "… (" + text.length() + " chars, truncated)";
    }

    private JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (redactFields.contains(name.toLowerCase(Locale.ROOT))) {
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
