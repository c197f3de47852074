package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.MainstayApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Function;

/**
 * Sends each request to one of the runtime's nodes: first the one that answered last, then the
 * next ones while that is safe. Any request moves on when a node cannot be reached (the request
 * never left); a request safe to repeat (a GET, or one with an {@code Idempotency-Key}) also moves
 * on when it fails on the way or the node answers 503 (it is stopping, or cannot serve now).
 * Each node is tried once per request.
 */
public final class HttpFailover {
    private static final int UNAVAILABLE = ErrorCode.UNAVAILABLE.httpStatus();

    private final List<URI> bases;
    private final HttpClient http;
    private final String authorization;
    private volatile int current;

    /** {@code token} (may be null: none) goes with every request as {@code Authorization: Bearer}. */
    public HttpFailover(List<URI> bases, HttpClient http, String token) {
        this.bases = List.copyOf(bases);
        this.http = http;
        this.authorization = token == null ? null : "Bearer " + token;
    }

    /** {@code request} sent to {@code path}, its response read by {@code read} (which throws on an error status). */
    public <T> T send(String path, HttpRequest.Builder request, Function<HttpResponse<byte[]>, T> read) {
        int first = current;
        MainstayApiException failure = null;
        for (int i = 0; i < bases.size(); i++) {
            int index = (first + i) % bases.size();
            URI base = bases.get(index);
            HttpRequest.Builder copy = request.copy().uri(base.resolve(path));
            if (authorization != null) {
                copy.setHeader("Authorization", authorization);
            }
            HttpRequest attempt = copy.build();
            boolean repeatable = attempt.method().equals("GET")
                    || attempt.headers().firstValue("Idempotency-Key").isPresent();
            HttpResponse<byte[]> response;
            try {
                response = http.send(attempt, HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                failure = unreachable(base, e);
                continue; // never delivered: any request may go to the next node
            } catch (javax.net.ssl.SSLHandshakeException e) {
                failure = refusedTls(base, e);
                continue; // the handshake comes before the request: never delivered
            } catch (IOException e) {
                failure = unreachable(base, e);
                if (repeatable) {
                    continue;
                }
                throw failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MainstayApiException(ErrorCode.UNAVAILABLE, 0, "interrupted while calling " + base);
            }
            if (response.statusCode() == UNAVAILABLE && repeatable && i + 1 < bases.size()) {
                continue; // that node is stopping or cannot serve now: another may
            }
            current = index;
            return read.apply(response);
        }
        throw failure;
    }

    private static MainstayApiException refusedTls(URI base, javax.net.ssl.SSLHandshakeException e) {
        return new MainstayApiException(ErrorCode.UNAVAILABLE, 0, "the TLS handshake with " + base + " failed, nothing"
                + " was sent: " + e.getMessage() + "; the client must trust the CA of the runtime's certificate (tlsCa,"
                + " $MAINSTAY_TLS_CA or --tls-ca), the certificate must name the URL's host, and a runtime that requires"
                + " client certificates needs one its CA signed (tlsClientCertificate, $MAINSTAY_TLS_CLIENT_CERT)");
    }

    private static MainstayApiException unreachable(URI base, IOException e) {
        return new MainstayApiException(ErrorCode.UNAVAILABLE, 0, "cannot reach the runtime at " + base + ": " + e);
    }
}
