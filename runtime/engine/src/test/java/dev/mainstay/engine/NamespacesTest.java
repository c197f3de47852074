package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NamespacesTest {

    @Property
    void qualifiedName_splitsBackIntoItsNamespaceAndName(@ForAll("namespaces") String namespace, @ForAll String name) {
        String qualified = Namespaces.qualify(namespace, name);
        assertThat(Namespaces.of(qualified)).isEqualTo(namespace);
        assertThat(Namespaces.local(qualified)).isEqualTo(name);
        assertThat(Namespaces.in(namespace, qualified)).isTrue();
        assertThat(qualified).startsWith(Namespaces.prefix(namespace));
    }

    @Property
    void namesOfTwoNamespaces_neverMeet(@ForAll("namespaces") String a, @ForAll("namespaces") String b,
                                        @ForAll String nameA, @ForAll String nameB) {
        if (!a.equals(b)) {
            assertThat(Namespaces.qualify(a, nameA)).isNotEqualTo(Namespaces.qualify(b, nameB));
            assertThat(Namespaces.in(b, Namespaces.qualify(a, nameA))).isFalse();
        }
    }

    @Test
    void aNameStoredWithoutNamespace_readsAsOneOfDefault() {
        assertThat(Namespaces.of("order")).isEqualTo(Namespaces.DEFAULT);
        assertThat(Namespaces.local("order")).isEqualTo("order");
    }

    @Test
    void check_refusesWhatCouldBreakTheSplit() {
        for (String bad : new String[] {"", "a/b", "Team", "-a", "a b", "*", "x".repeat(64)}) {
            assertThat(Namespaces.valid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> Namespaces.check(bad)).hasMessageContaining("namespace was");
        }
        assertThat(Namespaces.valid(null)).isFalse();
        assertThat(Namespaces.check("team-a.prod_1")).isEqualTo("team-a.prod_1");
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._-").ofMinLength(1).ofMaxLength(63)
                .filter(Namespaces::valid);
    }
}
