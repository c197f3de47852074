package dev.mainstay.sdk.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Parses the runtime's HTTP base URLs: {@code http://host:port}, comma-separated for several nodes. */
public final class RuntimeUrls {
    private RuntimeUrls() {}

    /** The base URLs in {@code value}, trimmed, without a trailing slash, in their order. */
    public static List<URI> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("base URL was '" + value + "'; use e.g. http://127.0.0.1:7676,"
                    + " or several comma-separated");
        }
        List<URI> urls = new ArrayList<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
            URI url = parsed(trimmed);
            if (url == null) {
                throw new IllegalArgumentException("base URL '" + value + "': entry " + (i + 1) + " '" + entry
                        + "' is not http(s)://host[:port], e.g. http://127.0.0.1:7676");
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    private static URI parsed(String entry) {
        try {
            URI url = new URI(entry);
            boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
            return http && url.getHost() != null ? url : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
