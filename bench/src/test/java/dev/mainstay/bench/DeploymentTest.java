package dev.mainstay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeploymentTest {
    @Test
    void nodes_severalWithoutDatabaseUrlAreRefused() {
        assertThatThrownBy(() -> new Deployment(null, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nodes was 3 without --database-url");
    }

    @Test
    void bench_severalNodesWithoutDatabaseUrlExitsWithTheReason() {
        assertThat(benchErrors("W1", "--nodes", "2")).contains("--nodes was 2 without --database-url");
    }

    @Test
    void bench_noPostgresqlServerAtTheUrlExitsWithTheReason() {
        assertThat(benchErrors("W1", "--database-url", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres"))
                .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres?user=postgres refused");
    }

    /** Runs the harness, expects exit code 2 (before any workload ran), returns its standard error. */
    private static String benchErrors(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Bench()).execute(args);
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void databaseUrl_otherThanPostgresqlOrWithAPasswordIsRefused() {
        assertThatThrownBy(() -> new Deployment("jdbc:sqlite:/tmp/x.db", 1)).hasMessageContaining("PostgreSQL JDBC URL");
        assertThatThrownBy(() -> new Deployment("jdbc:postgresql://h:5432/db?user=u&password=p", 1))
                .hasMessageContaining("MAINSTAY_DATABASE_PASSWORD");
        assertThatThrownBy(() -> new Deployment("jdbc:postgresql://h:5432/db", 0)).hasMessageContaining("--nodes was 0");
    }

    @Test
    void label_namesTheStoreAndOnPostgresqlTheNodes() {
        assertThat(Deployment.sqlite().label()).isEqualTo("store=sqlite");
        assertThat(new Deployment("", 1).label()).isEqualTo("store=sqlite");
        assertThat(new Deployment("jdbc:postgresql://h:5432/db", 3).label()).isEqualTo("store=postgresql nodes=3");
    }

    @Test
    void withDatabase_replacesOnlyTheDatabase() {
        assertThat(FreshDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "b1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/b1?user=postgres");
        assertThat(FreshDatabase.withDatabase("jdbc:postgresql://h1:5432,h2:5433/db?user=u&ssl=true", "b1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/b1?user=u&ssl=true");
        assertThat(FreshDatabase.withDatabase("jdbc:postgresql://h:5432/db", "b1")).isEqualTo("jdbc:postgresql://h:5432/b1");
        assertThat(FreshDatabase.withDatabase("jdbc:postgresql://h:5432?user=u", "b1")).isEqualTo("jdbc:postgresql://h:5432/b1?user=u");
        assertThat(FreshDatabase.withDatabase("jdbc:postgresql://h:5432/", "b1")).isEqualTo("jdbc:postgresql://h:5432/b1");
    }

    @Test
    void aJvmOptionThatIsNotAnOption_isRefusedWithTheFormToUse() {
        assertThatThrownBy(() -> new Deployment(null, 1, List.of("UseSerialGC"), List.of()))
                .hasMessageContaining("--runtime-jvm-option was 'UseSerialGC'")
                .hasMessageContaining("--runtime-jvm-option=-XX:+UseSerialGC");
        assertThatThrownBy(() -> new Deployment(null, 1, List.of(), List.of("Xmx1g")))
                .hasMessageContaining("--worker-jvm-option was 'Xmx1g'");
        Deployment given = new Deployment(null, 1, List.of("-XX:+UseSerialGC"), List.of("-Xss512k"));
        assertThat(given.jvmOptionsLine()).isEqualTo("runtime_jvm_options=\"-XX:+UseSerialGC\" worker_jvm_options=\"-Xss512k\"");
        assertThat(Deployment.sqlite().jvmOptionsLine()).isEmpty();
    }
}
