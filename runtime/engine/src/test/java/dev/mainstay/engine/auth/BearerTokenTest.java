package dev.mainstay.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The Authorization parser: what it accepts, and that anything else is a precise 401 that never echoes the value. */
class BearerTokenTest {

    @Property(tries = 500)
    void aTokenOfOurs_isReadWhateverTheSchemeCaseAndTheBlanks(@ForAll("tokens") String token, @ForAll("schemes") String scheme,
                                                             @ForAll("blanks") String before, @ForAll("blanks") String after) {
        String header = before + scheme + (after.isEmpty() ? " " : after) + token + before;
        assertThat(BearerToken.parse(header)).isEqualTo(token);
    }

    @Property(tries = 1000)
    void anyValue_isAWellFormedTokenOrAn401ThatDoesNotRepeatIt(@ForAll @StringLength(max = 200) String value) {
        try {
            assertThat(TokenSecret.isWellFormed(BearerToken.parse(value))).isTrue();
        } catch (UnauthenticatedException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("Authorization: Bearer <token>");
            String stripped = value.strip();
            if (stripped.length() > 8) {
                assertThat(e.getMessage()).doesNotContain(stripped);
            }
        }
    }

    @Property(tries = 300)
    void bearerAndAnythingButOurForm_isRefusedWithoutRepeatingIt(@ForAll("notOurs") String credential) {
        assertThatThrownBy(() -> BearerToken.parse("Bearer " + credential))
                .isInstanceOf(UnauthenticatedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(credential));
    }

    @Test
    void eachRefusal_saysWhatIsWrong() {
        assertThatThrownBy(() -> BearerToken.parse(null)).hasMessageContaining("carries no token");
        assertThatThrownBy(() -> BearerToken.parse("  ")).hasMessageContaining("carries no token");
        assertThatThrownBy(() -> BearerToken.parse("Basic dXNlcjpwYXNz")).hasMessageContaining("Bearer scheme")
                .hasMessageNotContaining("dXNlcjpwYXNz");
        assertThatThrownBy(() -> BearerToken.parse("Bearer")).hasMessageContaining("no token");
        assertThatThrownBy(() -> BearerToken.parse("Bearer " + TokenSecret.generate() + " " + TokenSecret.generate()))
                .hasMessageContaining("more than one word");
        assertThatThrownBy(() -> BearerToken.parse("Bearer sk-live-123")).hasMessageContaining("not a Mainstay token");
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.create(TokenSecret::generate);
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("Bearer", "bearer", "BEARER", "bEaReR");
    }

    @Provide
    Arbitrary<String> blanks() {
        return Arbitraries.strings().withChars(' ', '\t').ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> notOurs() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(9).ofMaxLength(80)
                .filter(s -> !TokenSecret.isWellFormed(s));
    }
}
