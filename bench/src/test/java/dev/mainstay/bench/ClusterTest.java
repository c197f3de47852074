package dev.mainstay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/mainstay_bench_x?user=postgres";

    @Test
    void runtimeArgs_loneSqliteRuntimeGetsNone() {
        assertThat(Cluster.runtimeArgs(null, 1, 1)).isEmpty();
    }

    @Test
    void runtimeArgs_lonePostgresqlRuntimeGetsTheDatabaseButNoNodeId() {
        assertThat(Cluster.runtimeArgs(URL, 1, 1)).containsExactly("--database-url", URL);
    }

    @Test
    void runtimeArgs_eachOfSeveralNodesGetsTheDatabaseAndItsOwnId() {
        assertThat(Cluster.runtimeArgs(URL, 3, 2)).containsExactly("--database-url", URL, "--node-id", "node-2");
        assertThat(Cluster.runtimeArgs(URL, 3, 3)).containsExactly("--database-url", URL, "--node-id", "node-3");
    }
}
