package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The statement that carries a batch's writes: the outbox entries' nine columns after the statement's own values, then
 * each carried write's values, every placeholder numbered to match.
 */
class HeldWritesTest {

    private static final Object[] COLUMNS = IntStream.rangeClosed(1, 9).mapToObj(i -> "column" + i).toArray();

    @Test
    void eachCarriedWritesPlaceholdersFollowTheValuesBeforeIt() {
        HeldWrites held = new HeldWrites(new ArrayList<>());
        held.carry("a_rows AS (INSERT INTO a (x, y) VALUES (?1, ?2))", new Object[] { "a1", "a2" });
        held.carry("b_rows AS (INSERT INTO b (z) VALUES (?1))", new Object[] { "b1" });

        HeldWrites.Statement all = held.carriedBy("INSERT INTO r (k) VALUES (?1)", new Object[] { "r1" },
                entries -> COLUMNS);

        assertThat(all.text()).startsWith("WITH outbox_entries AS (INSERT INTO outbox ")
                .contains("CAST(?2 AS uuid[])", "CAST(?10 AS timestamptz[])")
                .contains(", a_rows AS (INSERT INTO a (x, y) VALUES (?11, ?12)), b_rows AS (INSERT INTO b (z) VALUES"
                        + " (?13)) INSERT INTO r (k) VALUES (?1)");
        List<Object> values = List.of(all.values());
        assertThat(values).hasSize(13);
        assertThat(values.get(0)).isEqualTo("r1");
        assertThat(values.subList(1, 10)).containsExactly(COLUMNS);
        assertThat(values.subList(10, 13)).containsExactly("a1", "a2", "b1");
        assertThat(held.isEmpty()).as("nothing held after").isTrue();
    }

    @Test
    void aStatementOfItsOwnWithKeepsItsItemsAfterTheCarriedOnes() {
        HeldWrites held = new HeldWrites(new ArrayList<>());
        held.carry("a_rows AS (INSERT INTO a (x) VALUES (?1))", new Object[] { "a1" });

        HeldWrites.Statement all = held.carriedBy("WITH m AS (INSERT INTO m (k) VALUES (?1)) INSERT INTO r (k)"
                + " VALUES (?2)", new Object[] { "m1", "r1" }, entries -> COLUMNS);

        assertThat(all.text()).contains("a_rows AS (INSERT INTO a (x) VALUES (?12)), m AS (INSERT INTO m (k) VALUES"
                + " (?1)) INSERT INTO r (k) VALUES (?2)");
        assertThat(all.values()[11]).isEqualTo("a1");
    }

    @Test
    void aBatchCarriesAWriteOfOneNameOnce() {
        HeldWrites held = new HeldWrites(new ArrayList<>());
        held.carry("a_rows AS (INSERT INTO a (x) VALUES (?1))", new Object[] { "a1" });
        assertThatThrownBy(() -> held.carry("a_rows AS (INSERT INTO a (x) VALUES (?1))", new Object[] { "a2" }))
                .isInstanceOf(IllegalStateException.class);
    }
}
