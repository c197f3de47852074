package dev.mainstay.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretTest {

    @Test
    void generate_makesWellFormedDistinctSecrets() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = TokenSecret.generate();
            assertThat(secret).startsWith("mst_").hasSize(47);
            assertThat(TokenSecret.isWellFormed(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void hash_isTheHexSha256OfTheWholeToken() {
        // printf 'mst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' | sha256sum
        assertThat(TokenSecret.hash("mst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .isEqualTo("2616e95c52790184cc1c9d10794f06cbd0997fa217ed0a4376beb198488ea467");
        assertThat(TokenSecret.hash(TokenSecret.generate())).isNotEqualTo(TokenSecret.hash(TokenSecret.generate()));
    }

    @Test
    void hash_fromManyThreadsAtOnce_isTheSameHashEachTime() {
        String token = "mst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(java.util.stream.IntStream.range(0, 20_000).parallel()
                .mapToObj(i -> TokenSecret.hash(i % 2 == 0 ? token : token + i)).filter(h -> h.startsWith("2616e9")).distinct())
                .containsExactly("2616e95c52790184cc1c9d10794f06cbd0997fa217ed0a4376beb198488ea467");
    }

    @Test
    void newId_isShortAndNotTheSecret() {
        assertThat(TokenSecret.newId()).matches("tok_[0-9a-f]{16}");
        assertThat(TokenSecret.isWellFormed(TokenSecret.newId())).isFalse();
    }

    @Test
    void roles_grantWhatTheirNamesSay() {
        assertThat(Role.ADMIN.allows(Permission.MANAGE_TOKENS)).isTrue();
        assertThat(Role.CLIENT.allows(Permission.WRITE)).isTrue();
        assertThat(Role.CLIENT.allows(Permission.MANAGE_TOKENS)).isFalse();
        assertThat(Role.CLIENT.allows(Permission.WORKER_STREAM)).isFalse();
        assertThat(Role.READER.allows(Permission.WRITE)).isFalse();
        assertThat(Role.READER.allows(Permission.READ_METRICS)).isTrue();
        assertThat(Role.WORKER.allows(Permission.READ)).isFalse();
        assertThat(Role.WORKER.allows(Permission.WORKER_STREAM)).isTrue();
        assertThat(Role.parse(" Worker ")).isEqualTo(Role.WORKER);
        assertThatThrownBy(() -> Role.parse("owner")).hasMessageContaining("admin, client, worker or reader");
        assertThatThrownBy(() -> new Principal("tok_1", "default", Role.READER).require(Permission.WRITE, "cancel a run"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("tok_1", "reader", "cancel a run");
    }
}
