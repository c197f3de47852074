package dev.mainstay.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real OS processes for end-to-end tests: the runtime (through the CLI's main, as a user starts it)
 * and worker mains, on this JVM's classpath. Output goes to a log file per process, printed by
 * {@link #dumpLogs()} only when a test fails.
 */
final class Processes implements AutoCloseable {
    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    final int httpPort = freePort();
    final int grpcPort = freePort();

    Processes(Path dir) {
        this.dir = dir;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    Process runtime(Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
                "--http-port", "" + httpPort, "--grpc-port", "" + grpcPort));
        args.addAll(List.of(extraArgs));
        Process runtime = java("runtime", "dev.mainstay.cli.Main", args);
        HttpClient http = HttpClient.newHttpClient();
        await("runtime ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + runtime.exitValue());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return runtime;
    }

    Process worker(Class<?> main, String... args) {
        List<String> all = new ArrayList<>();
        all.add(grpcTarget());
        all.addAll(List.of(args));
        return java("worker", main.getName(), all);
    }

    private Process java(String name, String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Path log = dir.resolve(name + "-" + logs.size() + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            started.add(process);
            logs.add(log);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void dumpLogs() {
        for (Path log : logs) {
            try {
                System.out.println("===== " + log.getFileName() + " =====");
                System.out.println(Files.readString(log));
            } catch (IOException e) {
                System.out.println("(cannot read " + log + ": " + e + ")");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            kill(process);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
