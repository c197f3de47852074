package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeTargetsTest {
    @Test
    void oneAddress() {
        assertThat(RuntimeTargets.parse("127.0.0.1:7677", "target")).containsExactly("127.0.0.1:7677");
    }

    @Test
    void severalAddresses_trimmed_inTheirOrder() {
        assertThat(RuntimeTargets.parse(" node-b:7677 ,node-a:7678,[::1]:7677 ", "target"))
                .containsExactly("node-b:7677", "node-a:7678", "[::1]:7677");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a:1,,b:2       | target 'a:1,,b:2': entry 2 '' is empty",
            "a:1,           | target 'a:1,': entry 2 '' is empty",
            "a:1,node-b     | target 'a:1,node-b': entry 2 'node-b' has no port",
            ":7677          | entry 1 ':7677' has no valid host",
            "a b:7677       | entry 1 'a b:7677' has no valid host",
            "a:port         | entry 1 'a:port' has port 'port'; use a number from 1 to 65535",
            "a:0            | entry 1 'a:0' has port '0'",
            "a:65536        | entry 1 'a:65536' has port '65536'",
            "a:1,b:         | entry 2 'b:' has port ''",
            "::1:7677       | entry 1 '::1:7677' has more than one ':'; put an IPv6 host in brackets",
            "[::1]          | entry 1 '[::1]' is not [ipv6]:port",
            "[::1:7677      | entry 1 '[::1:7677' is not [ipv6]:port",
            "[]:7677        | entry 1 '[]:7677' has no valid host",
    })
    void aBadEntry_isNamedInTheMessage(String value, String message) {
        assertThatThrownBy(() -> RuntimeTargets.parse(value, "target"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nothingAtAll_saysWhereTheValueCameFrom() {
        assertThatThrownBy(() -> RuntimeTargets.parse(" ", "$MAINSTAY_GRPC_TARGET"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$MAINSTAY_GRPC_TARGET was ' '; use host:port");
    }
}
