package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
    private static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    static final String ORDER = """
            {"type":["object","null"],"properties":{
              "id":{"type":["string","null"]},
              "qty":{"type":"integer"},
              "tier":{"enum":["GOLD","SILVER",null]},
              "lines":{"type":["array","null"],"items":{"type":"number"}}},
             "required":["qty"]}""";

    @Test
    void fittingInput_hasNoProblems() throws Exception {
        assertThat(InputValidator.problems(json(ORDER), json("{\"id\":\"a\",\"qty\":2,\"tier\":\"GOLD\",\"lines\":[1,2.5],\"extra\":true}")))
                .isEmpty();
        assertThat(InputValidator.problems(json(ORDER), json("null"))).isEmpty();
    }

    @Test
    void wrongTypes_areNamedByPath() throws Exception {
        assertThat(InputValidator.problems(json(ORDER), json("{\"id\":1,\"qty\":1.5,\"tier\":\"BRONZE\",\"lines\":[1,\"x\"]}")))
                .containsExactly(
                        "at $.id: expected string or null, got number 1",
                        "at $.qty: expected integer, got number 1.5",
                        "at $.tier: expected one of [\"GOLD\",\"SILVER\",null], got string \"BRONZE\"",
                        "at $.lines[1]: expected number, got string \"x\"");
    }

    @Test
    void missingRequired_isReported() throws Exception {
        assertThat(InputValidator.problems(json(ORDER), json("{\"id\":\"a\"}")))
                .containsExactly("at $: missing required property 'qty'");
    }

    @Test
    void emptySchema_acceptsAnything() throws Exception {
        assertThat(InputValidator.problems(json("{}"), json("[1,{\"a\":null}]"))).isEmpty();
    }
}
