package dev.mainstay.server;

/**
 * Where the runtime keeps its state: the embedded SQLite file in the data directory (no URL, the
 * default), or a PostgreSQL database ({@code --database-url}). The password is kept apart from the
 * URL and never shown: {@link #toString()} masks it.
 */
public record DatabaseConfig(String url, String password) {
    public static DatabaseConfig embedded() {
        return new DatabaseConfig(null, null);
    }

    public DatabaseConfig {
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database-url was '" + shown(url) + "'; give a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/mainstay?user=mainstay, or leave it out for the embedded SQLite store");
        }
        if (url != null && url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("--database-url holds a password; give it in MAINSTAY_DATABASE_PASSWORD"
                    + " or a file named by MAINSTAY_DATABASE_PASSWORD_FILE, so that it never reaches a log line");
        }
    }

    /**
     * A refused URL as its message may show it: without the credentials of a {@code user:password@}
     * (the libpq form, pasted where a JDBC URL belongs) or a {@code password=}.
     */
    static String shown(String url) {
        return url.replaceAll("//[^/?#]*@", "//***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public boolean isEmbedded() {
        return url == null;
    }

    @Override
    public String toString() {
        return isEmbedded() ? "sqlite" : url + (password == null ? "" : " (password set)");
    }
}
