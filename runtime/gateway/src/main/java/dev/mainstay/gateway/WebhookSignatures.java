package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each provider signs a webhook delivery, checked before anything is read from its body. Every
 * scheme is an HMAC-SHA256 with the webhook's secret, compared in constant time; those that sign a
 * timestamp refuse one more than {@link #TOLERANCE_SECONDS} away from now, so a captured delivery
 * cannot be replayed later:
 *
 * <ul>
 *   <li>{@code github}: {@code X-Hub-Signature-256: sha256=<hex of HMAC(body)>}; delivery id
 *       {@code X-GitHub-Delivery};
 *   <li>{@code stripe}: {@code Stripe-Signature: t=<unix seconds>,v1=<hex of HMAC("t.body")>} (any of
 *       several {@code v1}, as Stripe sends during a secret's rotation); delivery id: the event's
 *       {@code id} in the body;
 *   <li>{@code slack}: {@code X-Slack-Request-Timestamp: <unix seconds>} and
 *       {@code X-Slack-Signature: v0=<hex of HMAC("v0:ts:body")>};
 *   <li>{@code generic}: {@code X-Signature-256: sha256=<hex of HMAC(body)>}; delivery id
 *       {@code X-Delivery-Id}.
 * </ul>
 */
enum WebhookSignatures {
    GITHUB {
        @Override
        void verify(String secret, UnaryOperator<String> headers, byte[] body, long nowSeconds) {
            bodySignature(secret, headers, body, "X-Hub-Signature-256");
        }

        @Override
        String deliveryId(UnaryOperator<String> headers, JsonNode input) {
            return headers.apply("X-GitHub-Delivery");
        }
    },
    STRIPE {
        @Override
        void verify(String secret, UnaryOperator<String> headers, byte[] body, long nowSeconds) {
            String header = required(headers, "Stripe-Signature");
            String timestamp = null;
            java.util.List<String> signatures = new java.util.ArrayList<>();
            for (String part : header.split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (key.equals("t")) {
                    timestamp = value;
                } else if (key.equals("v1")) {
                    signatures.add(value);
                }
            }
            if (timestamp == null || signatures.isEmpty()) {
                throw refused("Stripe-Signature has no t= and v1= parts");
            }
            fresh(timestamp, nowSeconds, "Stripe-Signature's t");
            byte[] expected = hmac(secret, concat((timestamp + ".").getBytes(StandardCharsets.US_ASCII), body));
            for (String signature : signatures) {
                if (matches(expected, signature)) {
                    return;
                }
            }
            throw refused("no v1 signature of Stripe-Signature matches the body signed with this webhook's secret");
        }

        /** Stripe names the delivery in the body: the event's {@code id}. */
        @Override
        String deliveryId(UnaryOperator<String> headers, JsonNode input) {
            return input.path("id").asText(null);
        }
    },
    SLACK {
        @Override
        void verify(String secret, UnaryOperator<String> headers, byte[] body, long nowSeconds) {
            String timestamp = required(headers, "X-Slack-Request-Timestamp");
            fresh(timestamp, nowSeconds, "X-Slack-Request-Timestamp");
            String signature = required(headers, "X-Slack-Signature");
            if (!signature.startsWith("v0=")
                    || !matches(hmac(secret, concat(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII), body)),
                    signature.substring(3))) {
                throw refused("X-Slack-Signature does not match the body signed with this webhook's secret");
            }
        }
    },
    GENERIC {
        @Override
        void verify(String secret, UnaryOperator<String> headers, byte[] body, long nowSeconds) {
            bodySignature(secret, headers, body, "X-Signature-256");
        }

        @Override
        String deliveryId(UnaryOperator<String> headers, JsonNode input) {
            return headers.apply("X-Delivery-Id");
        }
    };

    /** How far a signed timestamp may be from now: Stripe's and Slack's own default. */
    static final long TOLERANCE_SECONDS = 300;

    /** Throws an UNAUTHENTICATED {@link ApiException} unless the delivery is signed with {@code secret}. */
    abstract void verify(String secret, UnaryOperator<String> headers, byte[] body, long nowSeconds);

    /** The provider's id of this delivery (its headers, the parsed body), the same on a redelivery; null: none. */
    String deliveryId(UnaryOperator<String> headers, JsonNode input) {
        return null;
    }

    /** The wire name: {@code github}, {@code stripe}, {@code slack}, {@code generic}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WebhookSignatures parse(String provider) {
        for (WebhookSignatures p : values()) {
            if (p.label().equals(provider)) {
                return p;
            }
        }
        throw new ApiException(ErrorCode.INVALID_ARGUMENT, "provider was '" + Text.clip(String.valueOf(provider))
                + "'; use github, stripe, slack or generic");
    }

    /** The signature a sender of {@code provider}'s scheme puts in its header (tests and docs). */
    static String hexHmac(String secret, byte[] message) {
        return HexFormat.of().formatHex(hmac(secret, message));
    }

    private static void bodySignature(String secret, UnaryOperator<String> headers, byte[] body, String header) {
        String signature = required(headers, header);
        if (!signature.startsWith("sha256=") || !matches(hmac(secret, body), signature.substring(7))) {
            throw refused(header + " does not match the body signed with this webhook's secret");
        }
    }

    private static String required(UnaryOperator<String> headers, String name) {
        String value = headers.apply(name);
        if (value == null || value.isBlank()) {
            throw refused("the delivery has no " + name + " header");
        }
        return value.strip();
    }

    private static void fresh(String timestamp, long nowSeconds, String what) {
        long at;
        try {
            at = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw refused(what + " is not a number of seconds");
        }
        if (Math.abs(nowSeconds - at) > TOLERANCE_SECONDS) {
            throw refused(what + " is " + (nowSeconds - at) + " s away from now; at most " + TOLERANCE_SECONDS
                    + " s is accepted (a replayed or delayed delivery)");
        }
    }

    /** Constant time: how long a comparison takes says nothing about how much of a guess was right. */
    private static boolean matches(byte[] expected, String hex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static ApiException refused(String why) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "webhook delivery refused: " + why);
    }
}
