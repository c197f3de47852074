package dev.mainstay.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.agent.internal.AgentJson;
import dev.mainstay.agent.internal.ArgumentValidator;
import dev.mainstay.agent.internal.MethodTool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

    enum Priority { LOW, HIGH }

    record Address(@Param("street and number") String street, String city, Optional<String> zip) {}

    record Recursive(String name, Recursive child) {}

    static class Tools {
        @Tool(description = "Creates a ticket")
        public String createTicket(@Param("what went wrong") String title, @Param("urgency") Priority priority,
                                   int count, double amount, boolean urgent, List<String> tags, Address address,
                                   Optional<String> note, @Param(value = "a reference", required = false) String ref) {
            return title + "/" + priority + "/" + count + "/" + amount + "/" + urgent + "/" + tags + "/"
                    + address.city() + "/" + note.orElse("-") + "/" + ref;
        }
    }

    static class Unsupported {
        @Tool(description = "takes an Object")
        public String bad(Object thing) {
            return "";
        }
    }

    static class SelfContaining {
        @Tool(description = "takes a recursive record")
        public String bad(Recursive r) {
            return "";
        }
    }

    private static MethodTool tool() {
        return MethodTool.of(new Tools()).getFirst();
    }

    private static JsonNode json(String text) throws Exception {
        return AgentJson.MAPPER.readTree(text);
    }

    @Test
    void schema_derivedFromSignature() throws Exception {
        JsonNode schema = tool().schema();
        assertThat(schema).isEqualTo(json("""
                {"type":"object","properties":{
                  "title":{"type":"string","description":"what went wrong"},
                  "priority":{"type":"string","enum":["LOW","HIGH"],"description":"urgency"},
                  "count":{"type":"integer"},
                  "amount":{"type":"number"},
                  "urgent":{"type":"boolean"},
                  "tags":{"type":"array","items":{"type":"string"}},
                  "address":{"type":"object","properties":{
                      "street":{"type":"string","description":"street and number"},
                      "city":{"type":"string"},
                      "zip":{"type":"string"}},
                    "required":["street","city"],"additionalProperties":false},
                  "note":{"type":"string"},
                  "ref":{"type":"string","description":"a reference"}},
                 "required":["title","priority","count","amount","urgent","tags","address"],
                 "additionalProperties":false}"""));
    }

    @Test
    void schema_becomesLangChainSpecification() {
        var spec = new Binding.Method(tool()).specification();
        assertThat(spec.name()).isEqualTo("createTicket");
        assertThat(spec.description()).isEqualTo("Creates a ticket");
        assertThat(spec.parameters().required()).contains("title", "address");
        assertThat(spec.parameters().properties()).containsKeys("priority", "tags", "address", "note");
    }

    @Test
    void schema_unsupportedTypeRefusedAtRegistration() {
        assertThatThrownBy(() -> MethodTool.of(new Unsupported()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter thing has type java.lang.Object, which has no tool schema");
        assertThatThrownBy(() -> MethodTool.of(new SelfContaining()))
                .hasMessageContaining("contains itself");
        assertThatThrownBy(() -> MethodTool.of(new Object()))
                .hasMessageContaining("has no public method annotated @Tool");
    }

    @Test
    void validate_goodArgumentsPassAndConvert() throws Exception {
        JsonNode args = json("""
                {"title":"broken","priority":"HIGH","count":2,"amount":9.5,"urgent":true,"tags":["a"],
                 "address":{"street":"Main 1","city":"Bern"}}""");
        assertThat(ArgumentValidator.problems(tool().schema(), args)).isEmpty();
        assertThat(tool().invoke(args)).isEqualTo("broken/HIGH/2/9.5/true/[a]/Bern/-/null");
    }

    @Test
    void validate_reportsEveryMisfitWithItsPath() throws Exception {
        JsonNode args = json("""
                {"title":3,"priority":"URGENT","count":1.5,"amount":"x","urgent":"yes","tags":[1],
                 "address":{"city":"Bern","country":"CH"},"extra":1}""");
        assertThat(ArgumentValidator.problems(tool().schema(), args)).containsExactlyInAnyOrder(
                "$.title: expected a string, got number 3",
                "$.priority: 'URGENT' is not one of [\"LOW\",\"HIGH\"]",
                "$.count: expected an integer, got number 1.5",
                "$.amount: expected a number, got string \"x\"",
                "$.urgent: expected true or false, got string \"yes\"",
                "$.tags[0]: expected a string, got number 1",
                "$.address.street: is required but missing",
                "$.address.country: is not a parameter; expected [street, city, zip]",
                "$.extra: is not a parameter; expected [title, priority, count, amount, urgent, tags, address, note, ref]");
    }

    @Test
    void validate_integerWrittenAsWholeDecimalIsAccepted() throws Exception {
        JsonNode schema = json("{\"type\":\"integer\"}");
        assertThat(ArgumentValidator.problems(schema, json("3.0"))).isEmpty();
        assertThat(ArgumentValidator.problems(schema, json("null"))).containsExactly("$: expected integer, got null");
    }

    @Test
    void priceTable_parsesAndCosts() {
        PriceTable prices = PriceTable.parse("gpt-4o-mini=0.15/0.60, big=2/8");
        assertThat(prices.cost("gpt-4o-mini", 1_000_000, 1_000_000)).isEqualTo(0.75);
        assertThat(prices.cost("unknown", 1_000, 1_000)).isZero();
        assertThatThrownBy(() -> PriceTable.parse("gpt=1")).hasMessageContaining("price entry 'gpt=1' is malformed");
        assertThat(Map.of("k", 1)).isNotEmpty();
    }
}
