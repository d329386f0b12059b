package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class HqlTest {

    @Test
    void listsAreSpreadPaddedToAPowerOfTwoAndTheOrdinalsRenumbered() {
        Hql q = Hql.of("requestId in ?1 and createdAt > ?2 and status not in ?3 and ?2 < ?4", List.of("a", "b", "c"),
                "since", List.of("HELD"), "now");
        assertThat(q.text()).isEqualTo(
                "requestId in (?1, ?2, ?3, ?4) and createdAt > ?5 and status not in (?6, ?7) and ?5 < ?8");
        assertThat(q.values()).containsExactly("a", "b", "c", "c", "since", "HELD", "HELD", "now");
    }

    @Test
    void sizesShareATextUpToTheirPowerOfTwo() {
        assertThat(Hql.of("id IN ?1", List.of(1, 2, 3, 4, 5)).text())
                .isEqualTo(Hql.of("id IN ?1", List.of(1, 2, 3, 4, 5, 6, 7, 8)).text())
                .isEqualTo("id IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        assertThat(Hql.of("id in ?1", List.of(1)).text()).isEqualTo(Hql.of("id in ?1", List.of(1, 2)).text())
                .isEqualTo("id in (?1, ?2)");
    }

    @Test
    void anEmptyListStaysAList() {
        Hql q = Hql.of("id in ?1 and kind = ?2", List.of(), "PHONE");
        assertThat(q.text()).isEqualTo("id in ?1 and kind = ?2");
        assertThat(q.values()).containsExactly(List.of(), "PHONE");
    }

    @Test
    void aListOutsideInOrAMissingValueIsRefused() {
        assertThatThrownBy(() -> Hql.of("tags = ?1", List.of("a"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must follow 'in'");
        assertThatThrownBy(() -> Hql.of("id = ?2", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("?2 has no value");
    }

    /**
     * Every HQL select that binds a list to {@code in ?n} spreads it with {@link Hql}. An HQL update is planned at
     * every run whatever its parameters, so spreading its list would change nothing.
     */
    @Test
    void everyHqlSelectSpreadsItsLists() throws IOException {
        Pattern listParameter = Pattern.compile("\\bin \\?\\d");
        List<String> unspread = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("Hql.java")).toList()) {
                String code = Files.readString(file);
                Matcher m = listParameter.matcher(code);
                while (m.find()) {
                    String statement = code.substring(Math.max(code.lastIndexOf(';', m.start()),
                            code.lastIndexOf('{', m.start())) + 1, m.start());
                    if (!statement.contains("Hql.of(") && !statement.contains("createMutationQuery(")) {
                        unspread.add(file.getFileName() + ": " + code.substring(m.start(), m.end() + 20).strip());
                    }
                }
            }
        }
        assertThat(unspread).as("HQL selects binding a list to a parameter").isEmpty();
    }
}
