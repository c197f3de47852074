package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLibraryTest {
    @TempDir
    Path dir;

    /** The properties are global: each test puts back what it found. */
    @Test
    void keepIn_copiesTheLibraryOnceAndPointsTheDriverAtIt() throws Exception {
        String before = System.getProperty("org.sqlite.lib.path");
        String beforeName = System.getProperty("org.sqlite.lib.name");
        try {
            System.clearProperty("org.sqlite.lib.path");
            SqliteLibrary.keepIn(dir.resolve("native"));
            Path copy = dir.resolve("native").resolve(System.getProperty("org.sqlite.lib.name"));
            assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(dir.resolve("native").toAbsolutePath().toString());
            assertThat(copy).isRegularFile();
            long written = Files.getLastModifiedTime(copy).toMillis();
            try (var files = Files.list(dir.resolve("native"))) {
                assertThat(files).containsExactly(copy); // no partial file left
            }

            System.clearProperty("org.sqlite.lib.path");
            Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
            SqliteLibrary.keepIn(dir.resolve("native"));
            assertThat(Files.getLastModifiedTime(copy).toMillis()).as("kept, not written again").isEqualTo(written - 60_000);
        } finally {
            restore("org.sqlite.lib.path", before);
            restore("org.sqlite.lib.name", beforeName);
        }
    }

    @Test
    void keepIn_leavesALibraryPathTheUserSetAlone() {
        String before = System.getProperty("org.sqlite.lib.path");
        try {
            System.setProperty("org.sqlite.lib.path", "/opt/sqlite");
            SqliteLibrary.keepIn(dir.resolve("native"));
            assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo("/opt/sqlite");
            assertThat(dir.resolve("native")).doesNotExist();
        } finally {
            restore("org.sqlite.lib.path", before);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
