package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What keeps a web page open in a local browser from using the runtime: a page of another site can
 * make the browser send requests here (CSRF), or point a name it controls at 127.0.0.1 and read the
 * answers as its own (DNS rebinding). So every request must name an allowed host, a state-changing
 * one must come from this origin and carry JSON (the content types a foreign page may send without
 * a CORS preflight are refused), and every answer tells the browser not to frame it, sniff it or run
 * inline script in it.
 */
final class BrowserGuards {
    /** The UI loads its own script and style only: no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /**
     * On every answer, the guards' and Jetty's own early refusals ({@link JsonErrorHandler}) alike: a
     * page must not frame an answer, sniff it into script, or learn where it came from.
     */
    static final java.util.Map<String, String> SECURITY_HEADERS = java.util.Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin");
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Set<String> allowedHosts;
    private final boolean anyHost;
    private final boolean anyAddress;

    /**
     * @param allowedHosts names a request's {@code Host} may carry besides the defaults ({@code *}: any)
     * @param bindHost the address the gateway listens on: itself allowed; a wildcard ({@code 0.0.0.0},
     *     {@code ::}) allows every IP literal, which no rebinding can forge (a page served from an IP
     *     is served by us)
     */
    BrowserGuards(List<String> allowedHosts, String bindHost) {
        Set<String> names = new TreeSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
        String bind = bindHost.toLowerCase(Locale.ROOT);
        names.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        allowedHosts.forEach(host -> names.add(host.trim().toLowerCase(Locale.ROOT)));
        this.anyHost = names.contains("*");
        this.anyAddress = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        this.allowedHosts = Set.copyOf(names);
    }

    /** Runs before every route and static file. */
    void check(Context ctx) {
        headers(ctx);
        String host = hostName(ctx.header("Host"));
        if (!allowed(host)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Host '" + Text.clip(String.valueOf(ctx.header("Host")))
                    + "' is not one this runtime answers to; start it with --allowed-hosts naming it");
        }
        if (!CHANGING.contains(ctx.method().name())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a request from origin '" + Text.clip(origin)
                    + "' may not change anything here: only this runtime's own pages (and clients that send no Origin) may");
        }
        if (origin == null && "cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a cross-site request may not change anything here");
        }
        String type = ctx.header("Content-Type");
        // a webhook delivery may be a form (Slack, GitHub's form option); only a valid signature lets it in
        boolean delivery = WebhookRoutes.isDelivery(ctx.method().name(), ctx.path());
        if (!delivery && (type != null || ctx.contentLength() > 0) && !json(type)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a request body must be JSON: send Content-Type:"
                    + " application/json (was " + (type == null ? "none" : "'" + Text.clip(type) + "'") + ")");
        }
    }

    private static void headers(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
    }

    private boolean allowed(String host) {
        if (host == null) {
            return false; // HTTP/1.1 requires Host; Jetty refuses its absence before us
        }
        return anyHost || allowedHosts.contains(host) || (anyAddress && ipLiteral(host));
    }

    /** The host part of a {@code Host} header, lower case, IPv6 in brackets; null when it is not one. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI("http://" + header.trim() + "/");
            return uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Whether {@code origin} (scheme://host[:port]) names the same host and port as the request's Host. */
    static boolean sameOrigin(String origin, String hostHeader) {
        try {
            URI from = new URI(origin.trim());
            URI to = new URI(from.getScheme() + "://" + (hostHeader == null ? "" : hostHeader.trim()) + "/");
            return from.getHost() != null && to.getHost() != null
                    && from.getHost().equalsIgnoreCase(to.getHost())
                    && port(from) == port(to);
        } catch (java.net.URISyntaxException e) {
            return false; // "null" (a sandboxed frame, a file) or garbage: not this origin
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private static boolean ipLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
