package dev.mainstay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS flags: what belongs together, and the files refused at start with the flag and file named. */
class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void flags_belongTogether() {
        assertThat(TlsConfig.of("", " ", null).enabled()).isFalse();
        assertThat(ServerConfig.defaults().tls().enabled()).isFalse();
        assertThatThrownBy(() -> TlsConfig.of("cert.pem", "", ""))
                .hasMessage("--tls-cert-file is set but --tls-key-file is not; give both (PEM files: the certificate"
                        + " chain and its private key) to serve TLS, or neither");
        assertThatThrownBy(() -> TlsConfig.of("", "key.pem", ""))
                .hasMessageStartingWith("--tls-key-file is set but --tls-cert-file is not");
        assertThatThrownBy(() -> TlsConfig.of("", "", "ca.pem"))
                .hasMessageStartingWith("--tls-client-ca-file asks callers for client certificates, which needs TLS");
        TlsConfig mutual = TlsConfig.of(" cert.pem ", "key.pem", "ca.pem");
        assertThat(mutual.enabled()).isTrue();
        assertThat(mutual.mutual()).isTrue();
        assertThat(mutual.certFile()).isEqualTo(Path.of("cert.pem"));
        assertThat(mutual.toString()).isEqualTo("cert=cert.pem key=key.pem clientCa=ca.pem");
        assertThat(ServerTls.load(TlsConfig.none())).isNull();
    }

    @Test
    void load_refusesMissingAndNonPemFiles_namingFlagAndFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(missing, missing, null)))
                .hasMessage("--tls-cert-file " + missing + ": the file does not exist");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(text, text, null)))
                .hasMessage("--tls-cert-file " + text + ": the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(dir, text, null)))
                .hasMessage("--tls-cert-file " + dir + ": the file is not a regular file");
    }

    @Test
    void privateKey_readsPkcs8_andRefusesOtherFormatsWithoutQuotingThem() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        String body = Base64.getMimeEncoder().encodeToString(key.getEncoded());
        Path pkcs8 = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + body
                + "\n-----END PRIVATE KEY-----\n");
        assertThat(PemFiles.privateKey(pkcs8, "--tls-key-file").getEncoded()).isEqualTo(key.getEncoded());

        Path rsa = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\n" + body
                + "\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(rsa, "--tls-key-file"))
                .hasMessageContaining("--tls-key-file " + rsa + ": the file holds a private key in the older 'RSA PRIVATE KEY'")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 20)));
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted, "--tls-key-file")).hasMessageContaining("encrypted");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA"
                + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(garbage, "--tls-key-file"))
                .hasMessage("--tls-key-file " + garbage + ": the file holds a private key that is not an RSA, EC or EdDSA key in PKCS#8");
    }
}
