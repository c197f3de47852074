package dev.mainstay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory of a live process as the kernel sees it: resident set now ({@code VmRSS}) and its peak so
 * far ({@code VmHWM}), from {@code /proc/<pid>/status}; -1 where that file cannot be read (not Linux,
 * or the process is gone).
 */
record ProcessMemory(long rssKib, long peakRssKib) {
    static ProcessMemory of(Process process) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
            return new ProcessMemory(field(status, "VmRSS:"), field(status, "VmHWM:"));
        } catch (IOException e) {
            return new ProcessMemory(-1, -1);
        }
    }

    /**
     * The live heap of a JVM child: {@code jcmd <pid> GC.class_histogram} (which runs a full GC first),
     * saved to {@code histogram}; returns its total in bytes, -1 when jcmd fails. Unlike the resident
     * set, it does not include heap the JVM grew into and kept after the garbage was collected.
     */
    static long liveHeapBytes(Process process, Path histogram) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(histogram.toFile()).start();
            if (!run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || run.exitValue() != 0) {
                run.destroyForcibly();
                return -1;
            }
            return Files.readAllLines(histogram).stream().filter(l -> l.startsWith("Total"))
                    .map(l -> Long.parseLong(l.trim().split("\\s+")[2]))
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    double rssMib() {
        return rssKib < 0 ? -1 : rssKib / 1024.0;
    }

    double peakRssMib() {
        return peakRssKib < 0 ? -1 : peakRssKib / 1024.0;
    }

    private static long field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name))
                .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]))
                .findFirst().orElse(-1L);
    }
}
