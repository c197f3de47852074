package dev.mainstay.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class JsonPayloadsTest {
    final JsonPayloads json = new JsonPayloads();

    @Test
    void problem_acceptsOneJsonValueOfAnyLengthUnderTheLimit() {
        for (String valid : new String[] {"null", "1", "-0.5e10", "\"s\"", "[]", "{}", " {\"a\":[1,{\"b\":null}]} \n",
                "9".repeat(1_200), "7".repeat(1_000_000), "\"" + "x".repeat(900_000) + "\"", "\"\\u00e9\\n\""}) {
            assertThat(json.problem(ByteString.copyFromUtf8(valid))).as(abbreviated(valid)).isNull();
        }
        assertThat(json.problem(ByteString.copyFromUtf8("[".repeat(1_000) + "]".repeat(1_000)))).isNull();
    }

    @Test
    void problem_namesWhatIsWrong() {
        assertThat(json.problem(ByteString.EMPTY)).contains("empty");
        assertThat(json.problem(ByteString.copyFromUtf8("   "))).contains("no JSON value");
        assertThat(json.problem(ByteString.copyFromUtf8("{\"steps\":1} trailing"))).contains("content after");
        assertThat(json.problem(ByteString.copyFromUtf8("1 2"))).contains("content after");
        for (String invalid : new String[] {"{", "[1,2", "nul", "NaN", "'single'", "{\"a\":}", "\"open", "{a:1}",
                "[1,]", "\"tab\there\"", "<html>"}) {
            assertThat(json.problem(ByteString.copyFromUtf8(invalid))).as(invalid).isNotNull();
        }
        assertThat(json.problem(ByteString.copyFrom(new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'}))).as("bad UTF-8").isNotNull();
        assertThat(json.problem(ByteString.copyFromUtf8("[".repeat(1_001) + "]".repeat(1_001)))).as("too deep")
                .contains("1000");
    }

    private static String abbreviated(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "… (" + s.length() + " chars)" : s;
    }
}
