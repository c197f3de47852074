package dev.mainstay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's token goes with every request, to every node, as a bearer header; a bad one is refused at build. */
class MainstayClientTokenTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = MainstayClientFailoverTest.RUN.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void everyRequest_carriesTheBearerToken() {
        MainstayClient client = MainstayClient.builder().url(url()).token("mst_abc").build();
        client.run("run-1");
        client.start("checkout", 1);
        client.cancel("run-1");
        assertThat(seen).containsOnly("Bearer mst_abc").hasSize(3);
    }

    @Test
    void noToken_sendsNoHeader_andABadOneIsRefusedBeforeAnyCall() {
        MainstayClient.builder().url(url()).token(null).build().run("run-1");
        assertThat(seen).containsExactly("null");
        assertThatThrownBy(() -> MainstayClient.builder().url(url()).token("two words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token").hasMessageNotContaining("two words");
        assertThatThrownBy(() -> Worker.builder().token("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
    }
}
