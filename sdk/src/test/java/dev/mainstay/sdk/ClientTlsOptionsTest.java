package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS files given to a client or a worker are read when it is built: a bad one fails there, named. */
class ClientTlsOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingCa_failsTheBuild_namingTheOptionAndFile() {
        Path missing = dir.resolve("ca.pem");
        assertThatThrownBy(() -> MainstayClient.builder().url("https://127.0.0.1:7676").tlsCa(missing).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlsCa (CA) " + missing + ": the file does not exist");
        assertThatThrownBy(() -> Worker.builder().registerWorkflow("w", String.class, (ctx, in) -> in)
                .target("127.0.0.1:7677").tlsCa(missing).build())
                .hasMessage("tlsCa (CA) " + missing + ": the file does not exist");
    }

    @Test
    void aClientCertificateWithoutItsKey_failsTheBuild() throws Exception {
        Path cert = Files.writeString(dir.resolve("client.pem"), "not yet read");
        assertThatThrownBy(() -> MainstayClient.builder().url("https://127.0.0.1:7676")
                .tlsClientCertificate(cert, null).build())
                .hasMessage("tlsClientCertificate: a client certificate needs its key and a key its certificate,"
                        + " and only the certificate is given");
    }

    @Test
    void aCaThatIsNoCertificate_failsTheBuild() throws Exception {
        Path text = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> Worker.builder().registerWorkflow("w", String.class, (ctx, in) -> in)
                .target("127.0.0.1:7677").tlsCa(text).build())
                .hasMessageContaining("holds no PEM certificate")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("AAAA"));
    }
}
