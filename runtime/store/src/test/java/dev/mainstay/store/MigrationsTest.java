package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    /** The build's folder, read from a directory (as in this test): every script, as Flyway writes its version. */
    @Test
    void versionsIn_aDirectoryAreTheScriptsVersions() throws Exception {
        try (var scripts = Files.list(Path.of(getClass().getClassLoader().getResource(SqliteJournalStore.MIGRATIONS).toURI()))) {
            assertThat(Migrations.versionsIn(getClass().getClassLoader(), SqliteJournalStore.MIGRATIONS))
                    .hasSize((int) scripts.count()).contains("1", "20", "27");
        }
    }

    /** As the runtime reads them, from its jar. */
    @Test
    void versionsIn_aJarAreTheScriptsVersions() throws Exception {
        Path jar = jar("db/migration/x/V1__one.sql", "db/migration/x/V2_1__two.sql", "db/migration/other/V9__no.sql");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(Migrations.versionsIn(loader, "db/migration/x")).containsExactlyInAnyOrder("1", "2.1");
        }
    }

    /** A file Flyway might read in other ways (a repeatable script, a callback): not known, so Flyway runs. */
    @Test
    void versionsIn_aFolderWithAnotherKindOfFileIsUnknown() throws Exception {
        Path jar = jar("db/migration/x/V1__one.sql", "db/migration/x/R__view.sql");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(Migrations.versionsIn(loader, "db/migration/x")).isNull();
            assertThat(Migrations.versionsIn(loader, "db/migration/none")).isNull();
        }
    }

    @Test
    void current_ofADatabaseWithoutHistoryIsFalse() {
        org.sqlite.SQLiteDataSource empty = new org.sqlite.SQLiteDataSource();
        empty.setUrl("jdbc:sqlite:" + dir.resolve("empty.db"));
        assertThat(Migrations.current(empty::getConnection, SqliteJournalStore.MIGRATIONS)).isFalse();
    }

    private Path jar(String... entries) throws Exception {
        Path jar = Files.createTempFile(dir, "migrations", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            java.util.Set<String> folders = new java.util.LinkedHashSet<>();
            for (String entry : entries) {
                folders.add(entry.substring(0, entry.lastIndexOf('/') + 1));
            }
            for (String folder : folders) { // directory entries, as Maven's jar plugin writes them
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write("SELECT 1;".getBytes());
                out.closeEntry();
            }
        }
        return jar;
    }
}
