package io.omnihub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.platform.ErasureContribution;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Every table the migrations created is classified for erasure by exactly one feature's {@link ErasureContribution},
 * and every classified table exists: a new table that no feature claims fails here.
 */
@QuarkusTest
class SchemaClassificationTest {

    @Inject
    Pool pool;

    @Inject
    @All
    List<ErasureContribution> contributions;

    @Test
    void everyTableOfTheSchemaIsClassifiedByExactlyOneFeature() {
        Set<String> tables = new TreeSet<>();
        for (Row row : pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                + " current_schema() AND table_type = 'BASE TABLE'" // a partition is classified by its partitioned table
                + " AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)").execute().await()
                .indefinitely()) {
            tables.add(row.getString(0));
        }
        Map<String, List<String>> claims = new TreeMap<>();
        for (ErasureContribution contribution : contributions) {
            String owner = contribution.getClass().getSimpleName().replace("_Subclass", "");
            contribution.tables().forEach((table, treatment) -> {
                assertThat(treatment.treatment()).as("%s's treatment of %s", owner, table).isNotBlank();
                claims.computeIfAbsent(table, t -> new ArrayList<>()).add(owner);
            });
        }
        assertThat(tables).as("the schema has tables (the query reads the right one)").contains("customer");
        assertThat(tables).as("tables of the schema, each to be classified by the ErasureContribution of the feature"
                + " that owns it (personal data and what erasure does to it, or why none)")
                .isSubsetOf(claims.keySet());
        assertThat(claims.keySet()).as("classified tables that no longer exist").isSubsetOf(tables);
        assertThat(claims).as("tables classified by more than one feature")
                .allSatisfy((table, owners) -> assertThat(owners).as(table).hasSize(1));
    }
}
