package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.Complete;
import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.StartChild;
import dev.mainstay.protocol.v1.WorkerMessage;
import dev.mainstay.sdk.RunInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worker payloads that are not one JSON value are refused at the stream with MALFORMED_JSON, so the
 * journal and every API and SSE response stay JSON; large but valid values are accepted up to the
 * payload limit, whatever Jackson's default limits say.
 */
class WorkerPayloadsIT extends RealProcessesTest {
    /** Reads responses holding numbers of a million digits (Jackson's default stops at 1,000). */
    static final ObjectMapper LENIENT = new ObjectMapper();

    static {
        LENIENT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build());
    }

    @Test
    void malformedPayloads_areRefusedAtTheStream_andLargeValidOnesAreJournaled() throws Exception {
        processes.runtime(dataDir);
        try (RogueWorker worker = new RogueWorker(processes)) {
            worker.register("raw", 1, RogueWorker.workflow("raw"));
            RunInfo run = startWhenRegistered("raw", null);
            Dispatch dispatch = worker.nextDispatch(TIMEOUT);
            String id = run.id();
            long epoch = dispatch.getEpoch();

            for (String bad : new String[] {"{not json", "{\"steps\":1} trailing", "", "[1,2", "NaN", "'single'",
                    "{\"a\":1}{\"b\":2}", "\"unterminated"}) {
                worker.send(RogueWorker.append(id, epoch, 1, bad));
                assertRefused(worker.ack(id, epoch, 1), "MALFORMED_JSON", "is not valid JSON");
            }
            worker.send(RogueWorker.append(id, epoch, 1, ByteString.copyFromUtf8("{oops"), ByteString.copyFromUtf8("1")));
            assertRefused(worker.ack(id, epoch, 1), "MALFORMED_JSON", "the input of the entry");

            String digits1200 = "9".repeat(1_200);
            worker.send(RogueWorker.append(id, epoch, 1, digits1200));
            assertThat(worker.ack(id, epoch, 1).getOk()).as("a valid number of 1,200 digits").isTrue();
            String digitsMillion = "7".repeat(1_000_000); // under the 1 MiB payload limit
            worker.send(RogueWorker.append(id, epoch, 2, digitsMillion));
            assertThat(worker.ack(id, epoch, 2).getOk()).as("a valid number of 1,000,000 digits").isTrue();
            worker.send(RogueWorker.append(id, epoch, 3, "\"" + "x".repeat(1_100_000) + "\""));
            assertRefused(worker.ack(id, epoch, 3), "PAYLOAD_TOO_LARGE", "1048576");

            worker.send(WorkerMessage.newBuilder().setStartChild(StartChild.newBuilder().setRunId(id).setEpoch(epoch)
                    .setPosition(3).setComponent("raw").setInput(ByteString.copyFromUtf8("{child"))).build());
            assertRefused(worker.ack(id, epoch, 3), "MALFORMED_JSON", "the child's input");
            worker.send(RogueWorker.complete(id, epoch, "<html>"));
            assertRefused(worker.ack(id, epoch, 0), "MALFORMED_JSON", "the run's output");
            worker.send(WorkerMessage.newBuilder().setComplete(Complete.newBuilder().setRunId(id).setEpoch(epoch)
                    .setFailure(dev.mainstay.protocol.v1.Failure.newBuilder().setMessage("no code"))).build());
            assertRefused(worker.ack(id, epoch, 0), "INVALID_ARGUMENT", "without a code");
            worker.send(RogueWorker.complete(id, epoch, "{\"done\": true}"));
            assertThat(worker.ack(id, epoch, 0).getOk()).isTrue();

            Http http = new Http(processes);
            Http.Response journal = http.get("/v1/runs/" + id + "/journal");
            assertThat(journal.status()).isEqualTo(200);
            assertThat(outputs(journal.body())).containsExactly(digits1200, digitsMillion);
            JsonNode view = LENIENT.readTree(http.get("/v1/runs/" + id).body());
            assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(view.path("output").path("done").asBoolean()).isTrue();
        }
    }

    /**
     * The {@code output} of each journal entry (numbers here) as the raw text of its token, read token
     * by token: a tree would turn the million-digit number into a BigInteger, which took this JVM most
     * of the test's 24 s.
     */
    static List<String> outputs(String journal) throws java.io.IOException {
        List<String> outputs = new ArrayList<>();
        try (JsonParser parser = LENIENT.getFactory().createParser(journal)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("output")) {
                    parser.nextToken();
                    outputs.add(parser.getText());
                    parser.skipChildren();
                }
            }
        }
        return outputs;
    }

    static void assertRefused(Ack ack, String code, String messagePart) {
        assertThat(ack.getOk()).as("ack %s for %s", ack, messagePart).isFalse();
        assertThat(ack.getErrorCode()).as("ack %s", ack).isEqualTo(code);
        if (!messagePart.isEmpty()) {
            assertThat(ack.getMessage()).contains(messagePart.length() > 40 ? messagePart.substring(0, 40) : messagePart);
        }
    }
}
