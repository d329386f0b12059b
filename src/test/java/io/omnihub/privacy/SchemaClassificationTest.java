package io.omnihub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Every table the migrations created is classified for erasure, and every classified table exists. */
@QuarkusTest
class SchemaClassificationTest {

    @Inject
    Pool pool;

    @Test
    void everyTableOfTheSchemaIsClassifiedForErasure() {
        Set<String> tables = new TreeSet<>();
        for (Row row : pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                + " current_schema() AND table_type = 'BASE TABLE'").execute().await().indefinitely()) {
            tables.add(row.getString(0));
        }
        assertThat(tables).as("the schema has tables (the query reads the right one)").contains("customer");
        assertThat(tables).as("tables of the schema, to be classified in SchemaClassification (personal data and"
                + " what erasure does to it, or why none)").isSubsetOf(SchemaClassification.TABLES.keySet());
        assertThat(SchemaClassification.TABLES.keySet()).as("classified tables that no longer exist")
                .isSubsetOf(tables);
    }
}
