package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mainstay.protocol.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client given several base URLs moves to the next node when that is safe, and only then. */
class MainstayClientFailoverTest {
    static final String RUN = "{\"id\":\"run-1\",\"workflow\":\"checkout\",\"status\":\"PENDING\"}";
    static final String STOPPING = "{\"code\":\"UNAVAILABLE\",\"message\":\"the runtime is stopping\"}";

    final Node live = new Node(200, RUN);
    final Node stopping = new Node(503, STOPPING);

    @AfterEach
    void stop() {
        live.close();
        stopping.close();
    }

    @Test
    void aReadGoesToTheNextNode_whenTheFirstRefusesTheConnection() {
        MainstayClient client = MainstayClient.connect(deadUrl() + ", " + live.url());

        assertThat(client.run("run-1").id()).isEqualTo("run-1");
        assertThat(live.requests).hasValue(1);
    }

    @Test
    void evenAStartWithoutKey_goesToTheNextNode_whenTheFirstRefusesTheConnection() {
        MainstayClient client = MainstayClient.connect(deadUrl() + "," + live.url());

        assertThat(client.start("checkout", "order-1").id()).isEqualTo("run-1");
    }

    @Test
    void aReadGoesToTheNextNode_whenTheFirstAnswers503() {
        MainstayClient client = MainstayClient.connect(stopping.url() + "," + live.url());

        assertThat(client.run("run-1").id()).isEqualTo("run-1");
        assertThat(stopping.requests).hasValue(1);
    }

    @Test
    void aStartWithAnIdempotencyKey_goesToTheNextNode_whenTheFirstAnswers503() {
        MainstayClient client = MainstayClient.connect(stopping.url() + "," + live.url());

        RunInfo run = client.start("checkout", "order-1", StartOptions.defaults().withIdempotencyKey("order-1"));

        assertThat(run.id()).isEqualTo("run-1");
        assertThat(live.requests).hasValue(1);
    }

    @Test
    void aStartWithoutKey_isNotRepeated_whenANodeAnswers503() {
        MainstayClient client = MainstayClient.connect(stopping.url() + "," + live.url());

        assertThatThrownBy(() -> client.start("checkout", "order-1"))
                .isInstanceOfSatisfying(MainstayApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
        assertThat(live.requests).hasValue(0);
    }

    @Test
    void theNodeThatAnswered_takesTheNextRequestsFirst() {
        MainstayClient client = MainstayClient.connect(stopping.url() + "," + live.url());
        client.run("run-1");

        client.run("run-1");
        client.start("checkout", "order-2");

        assertThat(stopping.requests).hasValue(1);
        assertThat(live.requests).hasValue(3);
    }

    @Test
    void whenNoNodeCanBeReached_theLastFailureIsThrown() {
        String dead = deadUrl();
        MainstayClient client = MainstayClient.connect(stopping.url() + "," + dead);

        assertThatThrownBy(() -> client.run("run-1"))
                .isInstanceOfSatisfying(MainstayApiException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("cannot reach the runtime at " + dead);
    }

    @Test
    void aBadEntry_isRejectedAtOnce_namingIt() {
        assertThatThrownBy(() -> MainstayClient.connect("http://a:7676,b:7676"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base URL 'http://a:7676,b:7676': entry 2 'b:7676' is not http(s)://host[:port],"
                        + " e.g. http://127.0.0.1:7676");
        assertThatThrownBy(() -> MainstayClient.connect("http://a:7676,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 ''");
    }

    /** The URL of a node that is down: a server's port once it stopped. */
    static String deadUrl() {
        Node node = new Node(200, RUN);
        String url = node.url();
        node.close();
        return url;
    }

    /** One runtime node's HTTP API, answering every request with one status and body. */
    static final class Node implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final HttpServer server;

        Node(int status, String body) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
