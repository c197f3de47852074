package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.sdk.TypeRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemasTest {
    enum Tier { GOLD, SILVER }

    record Line(String sku, int quantity, Tier tier) {}

    record Order(String id, List<Line> lines, boolean rush) {}

    @Test
    void record_describesPropertiesAndRequiredPrimitives() {
        String schema = Schemas.of(Order.class).toString();
        assertThat(schema).isEqualTo("{\"type\":[\"object\",\"null\"],\"properties\":{"
                + "\"id\":{\"type\":[\"string\",\"null\"]},"
                + "\"lines\":{\"type\":[\"array\",\"null\"],\"items\":{\"type\":[\"object\",\"null\"],\"properties\":{"
                + "\"sku\":{\"type\":[\"string\",\"null\"]},\"quantity\":{\"type\":\"integer\"},"
                + "\"tier\":{\"enum\":[\"GOLD\",\"SILVER\",null]}},\"required\":[\"quantity\"]}},"
                + "\"rush\":{\"type\":\"boolean\"}},\"required\":[\"rush\"]}");
    }

    @Test
    void genericList_describesItems() {
        assertThat(Schemas.of(new TypeRef<List<Integer>>() {}.type()).toString())
                .isEqualTo("{\"type\":[\"array\",\"null\"],\"items\":{\"type\":[\"integer\",\"null\"]}}");
    }

    @Test
    void object_acceptsAnything() {
        assertThat(Schemas.of(Object.class).toString()).isEqualTo("{}");
    }
}
