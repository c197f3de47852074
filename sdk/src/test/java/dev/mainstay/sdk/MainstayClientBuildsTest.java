package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mainstay.protocol.ErrorCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The builds calls against a stand-in runtime that answers as {@code BuildRoutes} does: the
 * requests they send (method, path, the client's namespace) and the records they read. The same
 * calls run against a real runtime in the e2e {@code UpgradeIT}.
 */
class MainstayClientBuildsTest {
    static final String BUILDS = """
            {"workflow":"orders","upgrade":"PINNED","current":"v2","newest":"v2","builds":[
             {"buildId":"v2","firstSeen":"2026-12-02T10:00:00Z","current":true,"newest":true,"liveRuns":3,
              "endedRuns":0,"workers":1,"safeToShutDown":false},
             {"buildId":"v1","firstSeen":"2026-12-01T09:00:00Z","current":false,"newest":false,"liveRuns":0,
              "endedRuns":7,"workers":2,"safeToShutDown":true,"addedLater":1}]}""";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            boolean unknown = exchange.getRequestURI().getPath().contains("/v9/");
            byte[] body = (unknown ? "{\"code\":\"BUILD_NOT_FOUND\",\"message\":\"no worker of build 'v9'\"}" : BUILDS)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(unknown ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MainstayClient client(String namespace) {
        return MainstayClient.builder().url("http://127.0.0.1:" + server.getAddress().getPort()).token(null)
                .namespace(namespace).build();
    }

    @Test
    void builds_readsEveryBuild_newestFirst() {
        assertThat(client(null).builds("orders")).containsExactly(
                new BuildInfo("v2", Instant.parse("2026-12-02T10:00:00Z"), true, true, 3, 0, 1, false),
                new BuildInfo("v1", Instant.parse("2026-12-01T09:00:00Z"), false, false, 0, 7, 2, true));
        assertThat(seen).containsExactly("GET /v1/workflows/orders/builds");
    }

    @Test
    void promoteAndRollback_postToTheirPaths_inTheClientsNamespace() {
        MainstayClient client = client("team a");
        assertThat(client.promoteBuild("orders", "2026-12-01.3")).extracting(BuildInfo::buildId).containsExactly("v2", "v1");
        assertThat(client.rollbackBuild("orders")).filteredOn(BuildInfo::current).extracting(BuildInfo::buildId)
                .containsExactly("v2");
        client.builds("my orders");
        assertThat(seen).containsExactly(
                "POST /v1/workflows/orders/builds/2026-12-01.3/promote?namespace=team%20a",
                "POST /v1/workflows/orders/builds/rollback?namespace=team%20a",
                "GET /v1/workflows/my%20orders/builds?namespace=team%20a");
    }

    @Test
    void promote_ofAnUnknownBuild_throwsTheApiError() {
        assertThatThrownBy(() -> client(null).promoteBuild("orders", "v9"))
                .isInstanceOfSatisfying(MainstayApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BUILD_NOT_FOUND);
                    assertThat(e.httpStatus()).isEqualTo(404);
                }).hasMessageContaining("no worker of build 'v9'");
    }
}
