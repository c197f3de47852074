package dev.mainstay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WatchRunTest {

    @Test
    void liveTokensOfAStep_printOnOneLine_closedByTheNextEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WatchRun.Printer printer = new WatchRun.Printer(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        printer.print("step-started", "{\"position\":4,\"kind\":\"step\",\"name\":\"model support\",\"attempt\":1}");
        printer.print("step-output", "{\"position\":4,\"text\":\"Your \"}");
        printer.print("step-output", "{\"position\":4,\"text\":\"refund is \"}");
        printer.print("step-output", "{\"position\":4,\"text\":\"on its way.\"}");
        printer.print("model-call", "{\"position\":4,\"name\":\"model support\",\"output\":{\"inputTokens\":90,"
                + "\"outputTokens\":7,\"latencyMs\":12,\"text\":\"Your refund is on its way.\",\"toolCalls\":[]}}");
        printer.print("step-started", "{\"position\":5,\"kind\":\"step\",\"name\":\"tool refund\",\"attempt\":2}");
        printer.print("dropped", "{\"count\":3}");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "  4  step   model support        started",
                "  4  > Your refund is on its way.",
                "  4  model  support              90 tokens in, 7 out, 12 ms: Your refund is on its way.",
                "  5  step   tool refund          started, attempt 2",
                "     (3 live events missed: this client fell behind)");
    }
}
