package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.AttributeFilter;
import dev.mainstay.store.AttributeFilter.Op;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The {@code attr.*} filters of a runs query, as a query string arrives: split at the first {@code =}. */
class AttributeFiltersTest {

    @Test
    void of_readsEachOperatorAsTheQueryStringCarriesIt() {
        List<AttributeFilter> filters = AttributeFilters.of("status=RUNNING&attr.customer=c-42&attr.amount>=100"
                + "&attr.amount<=200.5&attr.count>3&attr.count<9&attr.due%3E%3D2026-01-01T00%3A00%3A00Z&attr.note=a%3Db&tag=x");

        assertThat(filters).extracting(AttributeFilter::name, AttributeFilter::op).containsExactly(
                org.assertj.core.groups.Tuple.tuple("customer", Op.EQ), org.assertj.core.groups.Tuple.tuple("amount", Op.GE),
                org.assertj.core.groups.Tuple.tuple("amount", Op.LE), org.assertj.core.groups.Tuple.tuple("count", Op.GT),
                org.assertj.core.groups.Tuple.tuple("count", Op.LT), org.assertj.core.groups.Tuple.tuple("due", Op.GE),
                org.assertj.core.groups.Tuple.tuple("note", Op.EQ));
        assertThat(filters.get(0).text()).isEqualTo("c-42");
        assertThat(filters.get(0).number()).isNull();
        assertThat(filters.get(1).number()).isEqualTo(100.0);
        assertThat(filters.get(1).text()).as("an ordering compares no strings").isNull();
        assertThat(filters.get(5).timeMs()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        assertThat(filters.get(6).text()).isEqualTo("a=b");
        assertThat(AttributeFilters.of("attr.vip=true").get(0).bool()).isTrue();
        assertThat(AttributeFilters.of("attr.customer%3Dc-42=").get(0).text()).as("as URLSearchParams writes it").isEqualTo("c-42");
        assertThat(AttributeFilters.of("attr.amount%3E%3D100").get(0).op()).isEqualTo(Op.GE);
        assertThat(AttributeFilters.of("attr.customer=").get(0).text()).as("an empty string").isEmpty();
        assertThat(AttributeFilters.of(null)).isEmpty();
    }

    @Test
    void of_refusesWithAPrecise400() {
        for (String[] bad : new String[][] {
                {"attr.amount>=lots", ">= compares numbers and times"},
                {"attr.amount!=5", "'!=' is not an operator"},
                {"attr.amount", "no operator and value"},
                {"attr.=5", "needs an attribute name"},
                {"attr." + "n".repeat(65) + "=1", "is not 1 to 64 characters"},
                {"attr.s=" + "v".repeat(257), "at most 256"},
                {"attr.x=%zz", "not URL-encoded correctly"},
                {"attr.a=1&attr.b=1&attr.c=1&attr.d=1&attr.e=1&attr.f=1&attr.g=1&attr.h=1&attr.i=1", "at most 8"}}) {
            assertThatThrownBy(() -> AttributeFilters.of(bad[0])).as(bad[0]).isInstanceOf(ApiException.class)
                    .hasMessageContaining(bad[1])
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    /** Whatever a caller sends, the parser answers filters or the one precise 400, never another exception. */
    @Property(tries = 2000)
    void of_anyQueryString_givesFiltersOrA400(@ForAll("queries") String query) {
        try {
            List<AttributeFilter> filters = AttributeFilters.of(query);
            assertThat(filters).hasSizeLessThanOrEqualTo(AttributeFilter.MAX_PER_QUERY);
            for (AttributeFilter filter : filters) {
                assertThat(filter.name()).matches("[A-Za-z0-9_.-]{1,64}");
                assertThat(filter.op() == Op.EQ ? filter.text() != null : filter.number() != null || filter.timeMs() != null)
                        .as("a filter that can match something: %s", filter).isTrue();
            }
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcAZ09_.-% ").ofMaxLength(70);
        Arbitrary<String> ops = Arbitraries.of("=", ">=", "<=", ">", "<", "", "!=", "==", "=>", "%3E%3D", "%", "&");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("0123456789.-+eE:TZ%").ofMaxLength(40),
                Arbitraries.of("100", "-1.5e3", "1e999", "NaN", "true", "2026-01-01T00:00:00Z", "9".repeat(400)));
        Arbitrary<String> filter = net.jqwik.api.Combinators.combine(names, ops, values).as((n, o, v) -> "attr." + n + o + v);
        Arbitrary<String> other = Arbitraries.of("status=RUNNING", "tag=x", "attr", "attr.", "=", "&&", "attr.%", "a=b=c");
        return Arbitraries.oneOf(filter, other, Arbitraries.strings().ofMaxLength(100))
                .list().ofMaxSize(12).map(parts -> String.join("&", parts));
    }
}
