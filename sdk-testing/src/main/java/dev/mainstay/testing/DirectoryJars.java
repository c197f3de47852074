package dev.mainstay.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The child JVMs' class path with each non-empty directory replaced by a jar of its contents.
 *
 * <p>Why: a Maven test run puts {@code target/test-classes} on the class path, and the JDK refuses
 * class-data sharing ({@link ClassDataSharing}) with a non-empty directory on it, so every runtime
 * and worker a test suite starts loaded and verified its few thousand classes from scratch. A jar of
 * the same files gives the child exactly the classes and resources it had, and lets it map an
 * archive instead.
 *
 * <p>The jar is named after a digest of the directory's path and of every file's name, size and
 * modification time, and is written once (to a temporary file renamed into place): an unchanged
 * directory keeps its jar, and so its archive, across test JVMs; a recompiled one gets a new jar.
 * Computed once per class path per JVM: the classes do not change while the tests run.
 */
final class DirectoryJars {
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "mainstay-cds", "dirs");
    private static final Map<String, String> BY_CLASS_PATH = new ConcurrentHashMap<>();

    private DirectoryJars() {}

    /** {@code classPath} with its non-empty directories as jars; unchanged if one cannot be written. */
    static String of(String classPath) {
        return BY_CLASS_PATH.computeIfAbsent(classPath, DirectoryJars::jarDirectories);
    }

    private static String jarDirectories(String classPath) {
        List<String> entries = new ArrayList<>();
        try {
            for (String entry : classPath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                entries.add(Files.isDirectory(path) && !isEmpty(path) ? jarOf(path).toString() : entry);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            return classPath; // the children start as before, without sharing
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    private static Path jarOf(Path dir) throws IOException, NoSuchAlgorithmException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        for (Path file : files) {
            digest.update(("|" + dir.relativize(file) + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).toMillis()).getBytes(StandardCharsets.UTF_8));
        }
        Path jar = DIR.resolve(dir.getFileName() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(DIR);
        Path written = Files.createTempFile(DIR, dir.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(written); JarOutputStream zip = new JarOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new JarEntry(dir.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        try {
            Files.move(written, jar, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.delete(written); // another JVM wrote the same files first: keep its jar, and its archive
        }
        return jar;
    }
}
