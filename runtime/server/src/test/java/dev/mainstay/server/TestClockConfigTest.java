package dev.mainstay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --test-clock}: off by default, and only on the embedded store (one node). */
class TestClockConfigTest {

    @Test
    void testClock_isOffByDefault() {
        assertThat(ServerConfig.defaults().testClock()).isFalse();
    }

    @Test
    void testClock_onTheEmbeddedStore_isAccepted() {
        assertThat(ServerConfig.defaults().withTestClock(true).testClock()).isTrue();
    }

    @Test
    void testClock_withPostgres_isRefusedWhicheverComesFirst() {
        DatabaseConfig postgres = new DatabaseConfig("jdbc:postgresql://db.example.com:5432/mainstay?user=app", null);

        assertThatThrownBy(() -> ServerConfig.defaults().withDatabase(postgres).withTestClock(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--test-clock").hasMessageContaining("--database-url")
                .hasMessageContaining("embedded SQLite");
        assertThatThrownBy(() -> ServerConfig.defaults().withTestClock(true).withDatabase(postgres))
                .hasMessageContaining("--test-clock");
    }
}
