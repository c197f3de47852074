package dev.mainstay.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void aRefusedUrl_isNeverRepeatedWithItsCredentials() {
        assertThatThrownBy(() -> new DatabaseConfig("postgresql://app:pw-SECRET@db.example.com:5432/mainstay", null))
                .hasMessageContaining("postgresql://***@db.example.com:5432/mainstay").hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("app:");
        assertThatThrownBy(() -> new DatabaseConfig("postgres://db/x?user=app&password=pw-SECRET&ssl=true", null))
                .hasMessageContaining("password=***&ssl=true").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:postgresql://db/x?user=app&Password=pw-SECRET", null))
                .hasMessageContaining("MAINSTAY_DATABASE_PASSWORD").hasMessageNotContaining("SECRET");
    }
}
