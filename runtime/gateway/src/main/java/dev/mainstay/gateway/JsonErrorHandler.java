package dev.mainstay.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.protocol.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals as the API's JSON error shape. Jetty answers some requests before Javalin
 * sees them: headers over the buffer (431), a request line too long (414), a bad escape or an
 * ambiguous path such as {@code %2F} (400), a broken request line or header. Its default
 * {@link ErrorHandler} writes an HTML page for these; this one writes {@code {"code","message"}}
 * with the {@link ErrorCode} of the status, set on the server and on the servlet context both.
 * These answers come before {@link BrowserGuards} runs, so they carry its security headers here.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    /** The code of a status the gateway answers without an {@link ErrorCode} of its own. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.REQUEST_HEADERS_TOO_LARGE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL;
        };
    }

    /** What happened, in words a client can act on; {@code reason} is Jetty's (may be null). */
    static String message(int status, String reason) {
        String said = reason == null || reason.isBlank() ? "" : " (" + Text.clip(reason) + ")";
        return switch (status) {
            case 431 -> "the request headers are too large" + said + "; send at most 8 KiB of headers";
            case 414 -> "the request line is too long" + said + "; send at most 8 KiB of path and query,"
                    + " and put large values in the body";
            case 400 -> "the HTTP request is malformed" + said + "; check the path's escapes (%2F and %2E..%2E are refused,"
                    + " a literal '%' is written %25), the request line and the headers";
            case 404 -> "nothing is served at this path" + said + "; the API lives under /v1";
            case 405 -> "this method is not allowed on this path" + said;
            default -> "the HTTP request was refused with status " + status + said;
        };
    }

    static byte[] json(int status, String reason) {
        try {
            return MAPPER.writeValueAsBytes(new Views.Error(codeFor(status).name(), message(status, reason)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        if (response.isCommitted()) {
            return;
        }
        byte[] body = json(response.getStatus(), (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE));
        BrowserGuards.SECURITY_HEADERS.forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Jetty writes an error body only for GET, POST and HEAD by default: a refused DELETE * had none. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        BrowserGuards.SECURITY_HEADERS.forEach(fields::put);
        return ByteBuffer.wrap(json(status, reason));
    }
}
