package dev.mainstay.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Class-data sharing for the child JVMs: a JVM that finds an archive of the classes an earlier run
 * of the same main class and classpath loaded maps them instead of loading and verifying each one,
 * which roughly halves the runtime's start-up (3.4 s to 1.9 s to /readyz on the 2-core machine).
 *
 * <p>The first run records the archive at its exit ({@code -XX:ArchiveClassesAtExit}) into a file
 * of its own, renamed into place when the process has ended, so two JVMs never write one file; later
 * runs map it read-only. Its name hashes the JDK, the main class and every classpath entry's size
 * and modification time, so a rebuilt jar gets a new archive. A process killed with SIGKILL records
 * nothing. The JDK archives classes from jar files only: {@link ProcessSet} turns the directories
 * of a Maven test run's classpath into jars first ({@link DirectoryJars}); with a directory left on
 * the classpath nothing is done.
 *
 * <p>On JDK 25 and later the archive is an AOT cache ({@code -XX:AOTCacheOutput}, then {@code
 * -XX:AOTCache}): it also holds the classes linked and the method profiles of the run that recorded
 * it, so a later JVM's JIT compiles the hot path from them rather than from scratch. Recording costs
 * that first run a few seconds at its exit (the JVM assembles the cache in a child process).
 */
final class ClassDataSharing {
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "mainstay-cds");

    private final Path archive;
    private final Path recording;

    private ClassDataSharing(Path archive) {
        this.archive = archive;
        this.recording = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /**
     * For a child JVM running {@code mainClass} on {@code classPath}; null when sharing does not apply.
     * {@code kind} tells apart children of one main class that load different classes (the runtime and
     * a one-off CLI command both run the CLI's main), so that neither maps the other's archive.
     */
    static ClassDataSharing of(String kind, String mainClass, String classPath) {
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        if (entries.stream().anyMatch(e -> !e.endsWith(".jar"))) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|" + mainClass)
                    .getBytes(StandardCharsets.UTF_8));
            for (String entry : entries) {
                Path jar = Path.of(entry);
                digest.update(("|" + jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            Files.createDirectories(DIR);
            String name = kind + "-" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-"
                    + HexFormat.of().formatHex(digest.digest(), 0, 8) + (AOT ? ".aot" : ".jsa");
            return new ClassDataSharing(DIR.resolve(name));
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // start without sharing
        }
    }

    /**
     * The JVM options: map the archive when there is one, else record one. CDS logging is off: with
     * {@code --enable-native-access} the JDK reports its own base archive's module setting as an
     * error on every start although sharing works; a real failure only means a slower start.
     */
    List<String> options() {
        if (AOT) {
            return List.of(Files.exists(archive) ? "-XX:AOTCache=" + archive : "-XX:AOTCacheOutput=" + recording,
                    "-Xlog:aot=off", "-Xlog:cds=off");
        }
        return List.of(Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + recording,
                "-Xlog:cds=off");
    }

    private static final boolean AOT = Runtime.version().feature() >= 25;

    /** How old another build's archive of the same kind must be before a new one replaces it. */
    static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(1);

    /**
     * Removes the archives of {@code archive}'s kind and main class that other builds recorded
     * before {@code before}: each build's jars get archives of their own (50 to 70 MB each), and
     * without this a machine that builds again and again fills its temp folder. A build still in use
     * whose archive goes only starts slower until its next run records one again.
     */
    static void pruneOlder(Path archive, java.time.Instant before) {
        String name = archive.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1); // "<kind>-<Main>-"
        try (var siblings = Files.list(archive.getParent())) {
            for (Path other : (Iterable<Path>) siblings::iterator) {
                String otherName = other.getFileName().toString();
                if (otherName.startsWith(prefix) && !otherName.equals(name)
                        && Files.getLastModifiedTime(other).toInstant().isBefore(before)) {
                    Files.deleteIfExists(other);
                }
            }
        } catch (IOException e) {
            // another process pruned or wrote meanwhile: what is left goes at a later exit
        }
    }

    /** Called when the process has ended: a recorded archive takes its place, unless another got there first. */
    void exited() {
        try {
            Files.deleteIfExists(recording.resolveSibling(recording.getFileName() + ".config")); // the AOT training's record
            if (Files.exists(recording)) {
                if (Files.exists(archive)) {
                    Files.delete(recording);
                } else {
                    Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
                    pruneOlder(archive, java.time.Instant.now().minus(STALE_AFTER));
                }
            }
        } catch (IOException e) {
            // another process moved its archive in meanwhile, or the temp dir went away: nothing lost
        }
    }
}
