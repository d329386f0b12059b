package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** Which failures run a transaction again: a lost race always, a unique violation where the caller asks for it. */
class ConflictsTest {

    private static final PgException DUPLICATE = new PgException("duplicate key value violates unique constraint",
            "ERROR", "23505", null);

    @Test
    void aUniqueViolationIsKnownFromTheDriverOrFromHibernatesTranslationWhereverItIsWrapped() {
        assertThat(Conflicts.uniqueViolation(new CompletionException(DUPLICATE))).isTrue();
        assertThat(Conflicts.uniqueViolation(new ConstraintViolationException("at flush",
                new SQLException("duplicate key", "23505"), "contact_point_kind_value_hash_key"))).isTrue();
        assertThat(Conflicts.uniqueViolation(new PgException("could not serialize access", "ERROR", "40001", null)))
                .isFalse();
        assertThat(Conflicts.uniqueViolation(new IllegalStateException("no cause"))).isFalse();
    }

    @Test
    void aUniqueViolationIsNoLostRaceByItself() {
        assertThat(Conflicts.lostRace(DUPLICATE)).isFalse();
        assertThat(Conflicts.lostRace(new PgException("deadlock detected", "ERROR", "40P01", null))).isTrue();
    }
}
