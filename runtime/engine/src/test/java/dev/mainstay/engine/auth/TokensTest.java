package dev.mainstay.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainstay.store.SqliteJournalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link Tokens} on one store stand for two nodes on one database: a revocation ends trust at
 * once where it is made, and on the other node at its next re-check.
 */
class TokensTest {
    @TempDir
    Path dir;
    private SqliteJournalStore store;
    private Tokens here;
    private Tokens there;

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir);
        // re-checks only when the test makes them: a background one would race the assertions
        here = new Tokens(store, true, 0);
        there = new Tokens(store, true, 0);
    }

    @AfterEach
    void close() {
        here.close();
        there.close();
        store.close();
    }

    @Test
    void aRevocation_endsTrustHereAtOnceAndThereAtTheNextRecheck() {
        IssuedToken issued = here.create("default", Role.CLIENT, null, "team", "tok_admin");
        String header = "Bearer " + issued.secret();
        assertThat(here.authenticate(header)).isEqualTo(new Principal(issued.record().id(), "default", Role.CLIENT));
        assertThat(there.authenticate(header).role()).isEqualTo(Role.CLIENT);
        List<String> endedThere = new CopyOnWriteArrayList<>();
        there.onEnded(endedThere::add);

        here.revoke(issued.record().id(), "tok_admin");

        assertThatThrownBy(() -> here.authenticate(header)).isInstanceOf(UnauthenticatedException.class)
                .hasMessageContaining("revoked");
        assertThat(there.authenticate(header).role()).as("trusted from memory until the re-check").isEqualTo(Role.CLIENT);
        there.recheck();
        assertThat(endedThere).containsExactly(issued.record().id());
        assertThatThrownBy(() -> there.authenticate(header)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void theTokensOfOpenStreams_areRecheckedToo() {
        IssuedToken worker = here.create("default", Role.WORKER, null, null, "tok_admin");
        List<String> ended = new CopyOnWriteArrayList<>();
        there.onEnded(ended::add);
        there.inUse(() -> List.of(worker.record().id()));
        there.recheck();
        assertThat(ended).isEmpty();
        here.revoke(worker.record().id(), "tok_admin");
        there.recheck();
        assertThat(ended).containsExactly(worker.record().id());
    }

    @Test
    void expiry_andBadInput() {
        IssuedToken brief = here.create("ns-1", Role.READER, Duration.ofMillis(50), null, "tok_admin");
        assertThat(here.authenticate("Bearer " + brief.secret()).namespace()).isEqualTo("ns-1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> here.authenticate("Bearer " + brief.secret())).hasMessageContaining("expired"));
        assertThatThrownBy(() -> here.create("Not Valid", Role.READER, null, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> here.create("default", Role.READER, Duration.ZERO, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> here.revoke("tok_missing", "x")).isInstanceOf(TokenNotFoundException.class);
        assertThat(here.list()).extracting(t -> t.secretHash()).doesNotContain(brief.secret());
    }

    @Test
    void adopt_takesAProvisionedSecretOnce_andNeverAgainOnceRevoked() {
        String secret = TokenSecret.generate();
        assertThat(here.adopt(secret, "admin.token")).isEqualTo(Tokens.Adoption.ADOPTED);
        assertThat(there.adopt(secret, "admin.token")).isEqualTo(Tokens.Adoption.LIVE);
        assertThat(here.authenticate("Bearer " + secret).role()).isEqualTo(Role.ADMIN);
        here.revoke(here.idOf(secret).orElseThrow(), "tok_admin");
        assertThat(there.adopt(secret, "admin.token")).isEqualTo(Tokens.Adoption.ENDED);
        assertThatThrownBy(() -> here.authenticate("Bearer " + secret)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void disabled_letsEveryoneInAsTheLocalAdmin() {
        try (Tokens none = Tokens.disabled(store)) {
            assertThat(none.authenticate(null)).isEqualTo(Principal.LOCAL_DEVELOPMENT);
            assertThat(none.authenticate("Bearer garbage").role()).isEqualTo(Role.ADMIN);
        }
    }
}
