package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunQuery;
import dev.mainstay.testing.ProcessSet;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS on both ports against a real runtime, with a CA and certificates made here: HTTPS for
 * {@link MainstayClient} and the CLI, gRPC over TLS for workers (failover across addresses
 * included), the server refused by a client that does not trust its CA, plain HTTP and plaintext
 * gRPC to the TLS ports getting nothing, mutual TLS ({@code --tls-client-ca-file}) refusing
 * callers without a certificate of its CA, and the start refused for files that do not fit.
 */
class TlsIT extends RealProcessesTest {
    private static final Duration QUIET = Duration.ofSeconds(3);

    private TestCertificates.Issued ca;
    private TestCertificates.Issued server;
    /** Signs client certificates the mutual-TLS runtime accepts. */
    private TestCertificates.Issued clientCa;
    private TestCertificates.Issued client1;
    /** A CA the runtime knows nothing of, and a client certificate it signed. */
    private TestCertificates.Issued otherCa;
    private TestCertificates.Issued stranger;

    @BeforeEach
    void certificates() {
        Path certs = dir.resolve("certs");
        ca = TestCertificates.authority(certs, "ca");
        server = TestCertificates.server(certs, "server", ca);
        clientCa = TestCertificates.authority(certs, "client-ca");
        client1 = TestCertificates.client(certs, "client", clientCa);
        otherCa = TestCertificates.authority(certs, "other-ca");
        stranger = TestCertificates.client(certs, "stranger", otherCa);
    }

    private void startTlsRuntime(boolean mutual) {
        processes.withTls(new ProcessSet.Tls(ca.certFile(), mutual ? client1.certFile() : null,
                mutual ? client1.keyFile() : null));
        if (mutual) {
            processes.runtime(dataDir, "--tls-cert-file", server.certFile().toString(), "--tls-key-file",
                    server.keyFile().toString(), "--tls-client-ca-file", clientCa.certFile().toString());
        } else {
            processes.runtime(dataDir, "--tls-cert-file", server.certFile().toString(), "--tls-key-file",
                    server.keyFile().toString());
        }
        client = processes.client();
        assertThat(processes.url()).startsWith("https://");
    }

    private CountingWorker.Plan plan() {
        return new CountingWorker.Plan(dir.toString(), 2);
    }

    @Test
    void aRunStartedOverHttps_isCompletedByAWorkerOverGrpcTls_andTheCliReadsItOverHttps() throws Exception {
        startTlsRuntime(false);
        // the first address is closed: the worker moves on to the second, over TLS too
        processes.workerOf("127.0.0.1:" + closedPort() + "," + processes.grpcTarget(),
                CountingWorker.class.getName(), List.of());
        RunInfo run = startWhenRegistered("steps", plan());
        assertThat(client.result(run.id(), Integer[].class, TIMEOUT)).containsExactly(10, 20);

        // the CLI: --tls-ca, an https URL, and the admin token of the local data directory found by itself
        String listed = cli("runs", "list", "--url", processes.url(), "--tls-ca", ca.certFile().toString());
        assertThat(listed).contains(run.id(), "COMPLETED");
        String log = Files.readString(processes.logs().get(0));
        assertThat(log).contains("event=ready http=https://", "tls=on");

        // on TLS the web UI's session cookie is Secure: a browser never sends it in clear
        HttpClient https = HttpClient.newBuilder().sslContext(dev.mainstay.protocol.PemFiles.clientContext(
                dev.mainstay.protocol.PemFiles.certificates(ca.certFile(), "CA"), null, null)).build();
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(processes.url() + "/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + processes.adminToken() + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("mainstay_session=").contains("; HttpOnly", "; SameSite=Strict", "; Secure");
    }

    @Test
    void aClientWithoutTheCa_refusesTheServer_beforeSendingAnything() throws Exception {
        startTlsRuntime(false);
        MainstayClient jvmTrust = MainstayClient.builder().url(processes.url()).token(processes.adminToken()).build();
        MainstayClient otherTrust = MainstayClient.builder().url(processes.url()).token(processes.adminToken())
                .tlsCa(otherCa.certFile()).build();
        for (MainstayClient untrusting : List.of(jvmTrust, otherTrust)) {
            assertThatThrownBy(() -> untrusting.start("steps", plan()))
                    .isInstanceOf(MainstayApiException.class)
                    .hasMessageContaining("TLS handshake")
                    .hasMessageContaining("nothing was sent")
                    .hasMessageContaining("tlsCa");
        }
        assertThat(client.runs(RunQuery.defaults()).runs()).isEmpty(); // no start reached the runtime

        // a worker that trusts another CA never registers, and says why
        Process worker = processes.workerWithTls(new ProcessSet.Tls(otherCa.certFile(), null, null),
                CountingWorker.class.getName());
        Path workerLog = processes.logs().get(processes.logs().size() - 1);
        await().atMost(TIMEOUT).until(() -> Files.readString(workerLog).contains("event=worker_tls_failed"));
        assertThat(client.workers()).isEmpty();
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void plainHttpAndPlaintextGrpc_toTheTlsPorts_getNoAnswer() throws Exception {
        startTlsRuntime(false);
        URI https = URI.create(processes.url());
        // a plain HTTP request gets no HTTP answer: the handshake fails and the connection closes
        String answer = rawPlainRequest(https.getHost(), https.getPort());
        assertThat(answer).doesNotContain("HTTP/1.1 2").doesNotContain("\"status\"");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + https.getPort()
                        + "/healthz")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);

        // a plaintext worker never registers on the TLS gRPC port
        processes.workerWithTls(null, CountingWorker.class.getName());
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> client.workers().isEmpty());
    }

    @Test
    void mutualTls_refusesWorkersAndClientsWithoutACertificateOfItsCa() throws Exception {
        startTlsRuntime(true);
        assertThat(Files.readString(processes.logs().get(0))).contains("tls=mutual");

        processes.workerWithTls(new ProcessSet.Tls(ca.certFile(), null, null), CountingWorker.class.getName());
        processes.workerWithTls(new ProcessSet.Tls(ca.certFile(), stranger.certFile(), stranger.keyFile()),
                CountingWorker.class.getName());
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> client.workers().isEmpty());

        MainstayClient noCertificate = MainstayClient.builder().url(processes.url()).token(processes.adminToken())
                .tlsCa(ca.certFile()).build();
        MainstayClient foreignCertificate = MainstayClient.builder().url(processes.url()).token(processes.adminToken())
                .tlsCa(ca.certFile()).tlsClientCertificate(stranger.certFile(), stranger.keyFile()).build();
        for (MainstayClient refused : List.of(noCertificate, foreignCertificate)) {
            assertThatThrownBy(() -> refused.start("steps", plan())).isInstanceOf(MainstayApiException.class);
            assertThatThrownBy(() -> refused.runs(RunQuery.defaults())).isInstanceOf(MainstayApiException.class);
        }
        assertThat(client.runs(RunQuery.defaults()).runs()).isEmpty();

        // with a certificate the client CA signed, both work (the set's client and worker carry client1)
        processes.worker(CountingWorker.class.getName());
        RunInfo run = startWhenRegistered("steps", plan());
        assertThat(client.result(run.id(), Integer[].class, TIMEOUT)).containsExactly(10, 20);
        assertThat(client.workers()).hasSize(1);
        assertThat(cli("runs", "list", "--url", processes.url(), "--tls-ca", ca.certFile().toString(),
                "--tls-client-cert", client1.certFile().toString(), "--tls-client-key", client1.keyFile().toString()))
                .contains(run.id());
    }

    @Test
    void start_isRefused_forACertificateWithoutKey_andForFilesThatDoNotFit_namingTheFile() throws Exception {
        String keyBody = Files.readString(server.keyFile()).lines().filter(l -> !l.startsWith("-----")).findFirst()
                .orElseThrow();
        assertRefused(List.of("--tls-cert-file", server.certFile().toString()),
                "--tls-cert-file is set but --tls-key-file is not");
        assertRefused(List.of("--tls-key-file", server.keyFile().toString()),
                "--tls-key-file is set but --tls-cert-file is not");
        assertRefused(List.of("--tls-cert-file", server.certFile().toString(), "--tls-key-file",
                        dir.resolve("missing.key").toString()),
                "--tls-key-file " + dir.resolve("missing.key") + ": the file does not exist");
        // the key where the certificate belongs: named, and its content never printed
        String swapped = assertRefused(List.of("--tls-cert-file", server.keyFile().toString(), "--tls-key-file",
                server.keyFile().toString()), "--tls-cert-file " + server.keyFile() + ": the file holds no PEM certificate");
        assertThat(swapped).doesNotContain(keyBody);
        String mismatched = assertRefused(List.of("--tls-cert-file", server.certFile().toString(), "--tls-key-file",
                client1.keyFile().toString()), "does not belong to the certificate in --tls-cert-file");
        assertThat(mismatched).doesNotContain(Files.readString(client1.keyFile()).lines()
                .filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        assertRefused(List.of("--tls-client-ca-file", clientCa.certFile().toString()),
                "--tls-client-ca-file asks callers for client certificates, which needs TLS");
    }

    /** Starts a runtime with {@code args}, expects it to exit 1 before it is ready, and returns its log. */
    private String assertRefused(List<String> args, String message) throws Exception {
        try (ProcessSet set = new ProcessSet(Path.of("target", "e2e-logs", "TlsIT", "refused-" + System.nanoTime()))) {
            assertThatThrownBy(() -> set.runtime(dir.resolve("refused-data"), args.toArray(new String[0])))
                    .hasMessageContaining("exited with 1");
            String log = Files.readString(set.logs().get(0));
            assertThat(log).contains(message);
            return log;
        }
    }

    private static String rawPlainRequest(String host, int port) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(out);
            } catch (java.net.SocketException reset) {
                // the server closed with a reset: nothing a client could read as an answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
