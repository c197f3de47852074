package dev.mainstay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.internal.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP for tests that check status codes and bodies exactly. */
final class Http {
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final String base;
    /** Sent with every request, {@link #raw} ones too; null: none. */
    private final String token;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Calls with the set's admin token. */
    Http(dev.mainstay.testing.ProcessSet processes) {
        this(processes.url(), processes.adminToken());
    }

    /** Calls with {@code token}, or with none when null. */
    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same runtime, called with {@code other} (null: no token). */
    Http as(String other) {
        return new Http(base, other);
    }

    /** The {@code Authorization} header line of {@link #raw} requests, or nothing without a token. */
    private String authorizationLine() {
        return token == null ? "" : "\r\nAuthorization: Bearer " + token;
    }

    Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, String body, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .headers(headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A POST of {@code body} as {@code contentType} (a form, text), with extra headers. */
    Response postAs(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response get(String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).headers(headers).GET());
    }

    /**
     * Sends {@code head} (a request line and headers, without the blank line) as raw bytes, for
     * requests {@link HttpClient} refuses to build (a bad escape, an ambiguous path, a huge header).
     * Reads the answer until the server closes the connection ({@code Connection: close}).
     */
    Response raw(String head) throws Exception {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + authorizationLine() + "\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            // one char per byte, so chunk sizes count right; the body is decoded as UTF-8 at the end
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(answer.substring(9, 12));
            int split = answer.indexOf("\r\n\r\n");
            String headers = answer.substring(0, split);
            String body = answer.substring(split + 4);
            if (headers.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Response(status, new String(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
