package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Role;
import org.junit.jupiter.api.Test;

/** The web UI's sessions: bounded, ending at their lifetime, on logout and with their token. */
class BrowserSessionsTest {
    private static final Principal READER = new Principal("tok_r", "default", Role.READER);
    private static final Principal ADMIN = new Principal("tok_a", "default", Role.ADMIN);

    @Test
    void aSession_findsItsToken_untilItsLifetimeEnds() {
        BrowserSessions sessions = new BrowserSessions(10, 1_000);
        String id = sessions.open("Bearer mst_r", READER, 0);
        assertThat(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(sessions.find(id, 999).authorization()).isEqualTo("Bearer mst_r");
        assertThat(sessions.find(id, 1_000)).isNull();
        assertThat(sessions.size()).isZero();
        assertThat(sessions.find("unknown", 0)).isNull();
        assertThat(sessions.find(null, 0)).isNull();
    }

    @Test
    void theStore_isBounded_theOldestGoesFirst() {
        BrowserSessions sessions = new BrowserSessions(3, 60_000);
        String first = sessions.open("Bearer a", ADMIN, 0);
        String second = sessions.open("Bearer a", ADMIN, 1);
        sessions.open("Bearer a", ADMIN, 2);
        String fourth = sessions.open("Bearer a", ADMIN, 3);
        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(first, 4)).isNull();
        assertThat(sessions.find(second, 4)).isNotNull();
        assertThat(sessions.find(fourth, 4)).isNotNull();
    }

    @Test
    void logoutEndsOneSession_aTokenEndedEndsAllOfIts() {
        BrowserSessions sessions = new BrowserSessions(10, 60_000);
        String reader1 = sessions.open("Bearer r", READER, 0);
        String reader2 = sessions.open("Bearer r", READER, 0);
        String admin = sessions.open("Bearer a", ADMIN, 0);
        sessions.end(reader1);
        assertThat(sessions.find(reader1, 1)).isNull();
        assertThat(sessions.find(reader2, 1)).isNotNull();
        sessions.endToken("tok_r");
        assertThat(sessions.find(reader2, 1)).isNull();
        assertThat(sessions.find(admin, 1)).isNotNull();
    }

    @Test
    void theCookie_isHttpOnlyStrict_andSecureOnTls() {
        assertThat(BrowserSessions.cookie("abc", false))
                .isEqualTo("mainstay_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
        assertThat(BrowserSessions.cookie("abc", true)).endsWith("; SameSite=Strict; Secure");
        assertThat(BrowserSessions.cleared(false)).startsWith("mainstay_session=; Path=/; Max-Age=0; HttpOnly");
    }
}
