package dev.mainstay.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;

/**
 * sqlite-jdbc's native library, taken out of its jar once and kept. Left to itself the driver writes a
 * new copy to the temp directory at every start (after listing that directory for old copies, with two
 * MD5 sums of the 1 MB file and a random name): 0.05 s of the runtime's start of 0.8 s.
 *
 * <p>The copy is named by the CRC of the jar entry, so another sqlite-jdbc gets a copy of its own; it is
 * written under a temporary name and renamed, so a copy that is there is whole. Anything unexpected (no
 * library for this platform, a directory that cannot be written, {@code org.sqlite.lib.path} already
 * set) leaves the driver to do as it always did; so does a copy it then fails to load (a noexec mount).
 */
public final class SqliteLibrary {
    private SqliteLibrary() {}

    /** Points sqlite-jdbc at a copy of its library in {@code dir}, made if missing; call before the first SQLite connection. */
    public static void keepIn(Path dir) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = "org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
            URL url = SqliteLibrary.class.getClassLoader().getResource(resource);
            if (url == null || !url.getProtocol().equals("jar")) {
                return;
            }
            JarURLConnection jar = (JarURLConnection) url.openConnection();
            JarEntry entry = jar.getJarEntry();
            if (entry.getCrc() < 0 || entry.getSize() < 0) {
                return;
            }
            String file = "sqlite-" + Long.toHexString(entry.getCrc()) + "-" + name;
            Path copy = dir.resolve(file);
            if (!Files.isRegularFile(copy) || Files.size(copy) != entry.getSize()) {
                Files.createDirectories(dir);
                Path partial = Files.createTempFile(dir, file, ".partial");
                try (InputStream in = jar.getInputStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toAbsolutePath().toString());
            System.setProperty("org.sqlite.lib.name", file);
        } catch (IOException | RuntimeException e) {
            // the driver extracts its library as it always did
        }
    }
}
