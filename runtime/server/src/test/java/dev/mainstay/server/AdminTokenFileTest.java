package dev.mainstay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.engine.auth.Role;
import dev.mainstay.engine.auth.TokenSecret;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.store.SqliteJournalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start does with {@code <data-dir>/admin.token}: make, adopt, keep, or refuse. */
class AdminTokenFileTest {
    @TempDir
    Path dir;
    private SqliteJournalStore store;
    private Tokens tokens;

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir.resolve("db"));
        tokens = Tokens.required(store);
    }

    @AfterEach
    void close() {
        tokens.close();
        store.close();
    }

    @Test
    void noFile_aNewAdminTokenIsWrittenOwnerOnly_andTheNextStartKeepsIt() throws Exception {
        AdminTokenFile.ensure(dir, tokens);
        Path file = dir.resolve("admin.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String secret = Files.readString(file).strip();
        assertThat(tokens.authenticate("Bearer " + secret).role()).isEqualTo(Role.ADMIN);
        AdminTokenFile.ensure(dir, tokens);
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
        assertThat(tokens.list()).hasSize(1);
    }

    @Test
    void aProvisionedFile_isAdopted_butNotOnceItsTokenWasRevoked() throws Exception {
        String secret = TokenSecret.generate();
        Path file = dir.resolve("admin.token");
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AdminTokenFile.ensure(dir, tokens);
        String id = tokens.idOf(secret).orElseThrow();
        tokens.revoke(id, "test");
        AdminTokenFile.ensure(dir, tokens);
        assertThat(tokens.list()).singleElement().satisfies(t -> assertThat(t.revokedAtMs()).isNotNull());
    }

    @Test
    void aFileOthersMayRead_orThatHoldsNoToken_stopsTheStart() throws Exception {
        Path file = dir.resolve("admin.token");
        Files.writeString(file, TokenSecret.generate());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> AdminTokenFile.ensure(dir, tokens)).hasMessageContaining("chmod 600")
                .hasMessageContaining("rw-r--r--");
        Files.writeString(file, "password123");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> AdminTokenFile.ensure(dir, tokens)).hasMessageContaining("does not hold a Mainstay token")
                .hasMessageNotContaining("password123");
        assertThat(tokens.list()).isEmpty();
    }

    @Test
    void authNone_isRefusedOffLoopback() {
        ServerConfig local = ServerConfig.defaults().withAuth(AuthConfig.parse("none", false));
        assertThat(local.auth().required()).isFalse();
        assertThatThrownBy(() -> local.withHost("0.0.0.0")).hasMessageContaining("--auth none").hasMessageContaining("0.0.0.0");
        assertThatThrownBy(() -> ServerConfig.defaults().withHost("::").withAuth(AuthConfig.parse("none", false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ServerConfig.defaults().withHost("::1").withAuth(AuthConfig.parse("none", false)).host()).isEqualTo("::1");
        assertThatThrownBy(() -> AuthConfig.parse("off", false)).hasMessageContaining("token (the default) or none");
    }
}
