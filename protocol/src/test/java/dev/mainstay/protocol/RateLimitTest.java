package dev.mainstay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    /** The grammar, said a second way: the parser must agree with it on every string. */
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})/([0-9]{0,9})([smh])");

    @Test
    void parse_readsCountAndWindow() {
        assertThat(RateLimit.parse("100/1m")).isEqualTo(new RateLimit(100, 60_000));
        assertThat(RateLimit.parse("10/30s")).isEqualTo(new RateLimit(10, 30_000));
        assertThat(RateLimit.parse("5/h")).isEqualTo(new RateLimit(5, 3_600_000));
        assertThat(RateLimit.parse("1000000/24h")).isEqualTo(new RateLimit(1_000_000, 86_400_000));
        assertThat(RateLimit.parse("2/3s").toString()).isEqualTo("2/3s");
        assertThat(RateLimit.parse("2/120s").toString()).isEqualTo("2/2m");
    }

    @Test
    void parse_refusesWithWhatIsWrong() {
        assertThatThrownBy(() -> RateLimit.parse("100")).hasMessageContaining("rateLimit '100' is not a rate limit: it has no '/'");
        assertThatThrownBy(() -> RateLimit.parse("0/1s")).hasMessageContaining("the count must be from 1 to 1000000");
        assertThatThrownBy(() -> RateLimit.parse("1000001/1s")).hasMessageContaining("the count must be from 1 to 1000000");
        assertThatThrownBy(() -> RateLimit.parse("10/25h")).hasMessageContaining("the window must be from 1s to 24h");
        assertThatThrownBy(() -> RateLimit.parse("10/0s")).hasMessageContaining("the window must be from 1s to 24h");
        assertThatThrownBy(() -> RateLimit.parse("10/1d")).hasMessageContaining("the window must end in a unit: s, m or h");
        assertThatThrownBy(() -> RateLimit.parse("ten/1m")).hasMessageContaining("the count before '/' must be a whole number");
        assertThatThrownBy(() -> RateLimit.parse(" 10/1m")).hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> RateLimit.parse("10/")).hasMessageContaining("the window after '/' is empty");
        assertThatThrownBy(() -> RateLimit.parse("")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> RateLimit.parse(null)).hasMessageContaining("rateLimit null is not a rate limit");
    }

    @Property(tries = 2_000)
    void parse_anyString_givesAValidLimitOrThePreciseError(@ForAll("candidates") String text) {
        Matcher form = FORM.matcher(text);
        Long expectedWindow = null;
        Integer expectedCount = null;
        if (form.matches()) {
            long count = Long.parseLong(form.group(1));
            long amount = form.group(2).isEmpty() ? 1 : Long.parseLong(form.group(2));
            long unit = switch (form.group(3)) { case "s" -> 1_000L; case "m" -> 60_000L; default -> 3_600_000L; };
            long window = amount * unit;
            if (count >= 1 && count <= RateLimit.MAX_COUNT && window >= 1_000 && window <= 86_400_000L) {
                expectedCount = (int) count;
                expectedWindow = window;
            }
        }
        if (expectedCount != null) {
            RateLimit limit = RateLimit.parse(text);
            assertThat(limit).isEqualTo(new RateLimit(expectedCount, expectedWindow));
            assertThat(RateLimit.parse(limit.toString())).as("the canonical spelling reads back").isEqualTo(limit);
        } else {
            assertThatThrownBy(() -> RateLimit.parse(text))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("rateLimit '")
                    .hasMessageContaining(" is not a rate limit: ")
                    .hasMessageEndingWith("(N from 1 to 1000000, window from 1s to 24h in s, m or h)");
        }
    }

    /** Near misses of the form as well as any text: random strings alone would almost never parse. */
    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 2_000_000).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(11),
                Arbitraries.strings().withChars("0123456789-+. x").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> unit = Arbitraries.of("s", "m", "h", "d", "ms", "S", "", " ");
        Arbitrary<String> nearMiss = Combinators.combine(number, Arbitraries.of("/", "", "//", " / "), number, unit)
                .as((n, slash, amount, u) -> n + slash + amount + u);
        return Arbitraries.oneOf(nearMiss, Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("0123456789/smh").ofMaxLength(12));
    }
}
