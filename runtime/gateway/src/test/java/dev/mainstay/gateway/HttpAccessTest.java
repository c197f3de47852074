package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.engine.auth.Permission;
import org.junit.jupiter.api.Test;

/** Which calls are open, and what the others need: closed unless named open. */
class HttpAccessTest {

    @Test
    void healthAndTheUiAreOpen_metricsOnlyWhenPublic() {
        for (String open : new String[] {"/healthz", "/readyz", "/", "/ui", "/ui/", "/ui/index.html", "/ui/js/app.js"}) {
            assertThat(HttpAccess.permission("GET", open, false)).as(open).isNull();
        }
        assertThat(HttpAccess.permission("GET", "/metrics", false)).isEqualTo(Permission.READ_METRICS);
        assertThat(HttpAccess.permission("GET", "/metrics", true)).isNull();
    }

    @Test
    void everythingElse_needsAToken_tokensTheAdminsOnly() {
        assertThat(HttpAccess.permission("GET", "/v1/runs", false)).isEqualTo(Permission.READ);
        assertThat(HttpAccess.permission("HEAD", "/v1/runs/r", false)).isEqualTo(Permission.READ);
        assertThat(HttpAccess.permission("GET", "/v1/runs/r/events", false)).isEqualTo(Permission.READ);
        assertThat(HttpAccess.permission("POST", "/v1/workflows/w/runs", false)).isEqualTo(Permission.WRITE);
        assertThat(HttpAccess.permission("DELETE", "/v1/schedules/s", false)).isEqualTo(Permission.WRITE);
        assertThat(HttpAccess.permission("GET", "/v1/tokens", false)).isEqualTo(Permission.MANAGE_TOKENS);
        assertThat(HttpAccess.permission("DELETE", "/v1/tokens/tok_1", false)).isEqualTo(Permission.MANAGE_TOKENS);
        assertThat(HttpAccess.permission("GET", "/no/such/route", false)).isEqualTo(Permission.READ);
        assertThat(HttpAccess.permission("GET", "/healthz/x", false)).isEqualTo(Permission.READ);
    }

    @Test
    void loginAndLogout_areOpen_theSessionItselfNeedsAToken() {
        assertThat(HttpAccess.permission("POST", "/v1/session", false)).isNull();
        assertThat(HttpAccess.permission("DELETE", "/v1/session", false)).isNull();
        assertThat(HttpAccess.permission("GET", "/v1/session", false)).isEqualTo(Permission.READ);
        assertThat(HttpAccess.permission("POST", "/v1/session/x", false)).isEqualTo(Permission.WRITE);
        assertThat(HttpAccess.permission("PUT", "/v1/session", false)).isEqualTo(Permission.WRITE);
    }

    @Test
    void aPathThatOnlyLooksOpen_isNot() {
        for (String sneaky : new String[] {"/ui/../v1/runs", "/ui/%2e%2e/v1/runs", "/ui//v1", "/ui/..", "/ui/./x",
                "/ui/;x", "/UI/index.html", "/ui\\..\\v1"}) {
            assertThat(HttpAccess.permission("GET", sneaky, false)).as(sneaky).isNotNull();
        }
    }
}
