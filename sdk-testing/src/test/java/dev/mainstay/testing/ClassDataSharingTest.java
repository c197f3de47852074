package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
    @TempDir
    Path dir;

    private Path archive(String name, Instant modified) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "archive");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aNewArchive_removesOlderBuildsArchivesOfItsKindOnly() throws Exception {
        Instant now = Instant.now();
        Path fresh = archive("runtime-Main-aaaaaaaaaaaaaaaa.aot", now);
        Path oldBuild = archive("runtime-Main-bbbbbbbbbbbbbbbb.aot", now.minusSeconds(7_200));
        Path oldCds = archive("runtime-Main-cccccccccccccccc.jsa", now.minusSeconds(7_200));
        Path recentBuild = archive("runtime-Main-dddddddddddddddd.aot", now.minusSeconds(60));
        Path otherKind = archive("worker-BenchWorker-eeeeeeeeeeeeeeee.aot", now.minusSeconds(7_200));
        Path otherMain = archive("runtime-Other-ffffffffffffffff.aot", now.minusSeconds(7_200));

        ClassDataSharing.pruneOlder(fresh, now.minus(ClassDataSharing.STALE_AFTER));

        assertThat(fresh).exists();
        assertThat(oldBuild).doesNotExist();
        assertThat(oldCds).doesNotExist();
        assertThat(recentBuild).as("another build may still be using it").exists();
        assertThat(otherKind).exists();
        assertThat(otherMain).exists();
    }
}
