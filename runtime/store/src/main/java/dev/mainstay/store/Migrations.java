package dev.mainstay.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a database already holds every migration of this build, found with one query instead of
 * Flyway. Flyway scans the class path, parses and checksums every script and validates them against
 * its history before it finds nothing to do: a fifth of the runtime's start-up on a database that is
 * current, which is every start but the first after an upgrade.
 *
 * <p>Current means: each versioned script of the folder ({@code V<version>__<name>.sql}) has a row
 * of that version in {@code flyway_schema_history} marked successful, and no row is marked failed.
 * Anything else (no history table, a version missing, a failed row, a folder that cannot be listed
 * or holds another kind of file) is "not known to be current", and the store runs Flyway as before,
 * which migrates, or refuses with its own message. What the shortcut gives up is Flyway's check that
 * an applied script was not edited since; a released script is never edited.
 */
final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__[^/]*\\.sql");

    private Migrations() {}

    /** Opens a connection to the database the store migrates. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /** True when {@code database} holds every migration of {@code folder} (such as {@code db/migration/sqlite}). */
    static boolean current(Connector database, String folder) {
        Set<String> scripts = versionsIn(Migrations.class.getClassLoader(), folder);
        if (scripts == null || scripts.isEmpty()) {
            return false;
        }
        try (Connection connection = database.connect(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            Set<String> applied = new HashSet<>();
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false;
                }
                if (rows.getString(1) != null) {
                    applied.add(rows.getString(1));
                }
            }
            return applied.containsAll(scripts);
        } catch (SQLException e) {
            return false; // no history yet (a new database), or one Flyway must look at
        }
    }

    /** The versions of the scripts in {@code folder} on {@code loader}'s class path, as Flyway writes them; null when it cannot be listed. */
    static Set<String> versionsIn(ClassLoader loader, String folder) {
        URL url = loader.getResource(folder);
        if (url == null) {
            return null;
        }
        try {
            Set<String> names = new HashSet<>();
            switch (url.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(file -> names.add(file.getFileName().toString()));
                    }
                }
                case "jar" -> {
                    JarURLConnection jar = (JarURLConnection) url.openConnection();
                    String prefix = jar.getEntryName().endsWith("/") ? jar.getEntryName() : jar.getEntryName() + "/";
                    // the JDK's cached open copy of the jar: not closed here. Entries of subfolders stay in (with
                    // their slash) so that they match no script's name: Flyway reads subfolders too.
                    jar.getJarFile().stream().map(java.util.jar.JarEntry::getName)
                            .filter(name -> name.startsWith(prefix) && name.length() > prefix.length())
                            .map(name -> name.substring(prefix.length()))
                            .forEach(names::add);
                }
                default -> {
                    return null;
                }
            }
            Set<String> versions = new HashSet<>();
            for (String name : names) {
                Matcher versioned = VERSIONED.matcher(name);
                if (!versioned.matches()) {
                    return null; // a repeatable script, a subfolder, something Flyway may read: let it
                }
                versions.add(versioned.group(1).replace('_', '.'));
            }
            return versions;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
