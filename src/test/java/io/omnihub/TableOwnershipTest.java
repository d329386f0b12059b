package io.omnihub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.omnihub.platform.ErasureContribution;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One feature never reads another feature's tables in a SQL string (DESIGN.md): it calls that feature's query service.
 * A table's owner is the feature whose {@link ErasureContribution} classifies it. The crossings that exist today are
 * listed below, each with its reason, so none is added unseen; one that goes away must leave the list too.
 */
@QuarkusTest
class TableOwnershipTest {

    private static final Pattern SQL_TABLE = Pattern.compile("(?:FROM|JOIN|UPDATE|INTO)\\s+([a-z_]+)\\b");

    /** feature → tables of other features it reads or writes in SQL today, and why. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            // the outbox's own crossing (see KNOWN_IN_HQL): a hot path's rows are written with one statement, which
            // persisting entities cannot do (one INSERT per row)
            "platform", Set.of("outbox"));

    @Inject
    @All
    List<ErasureContribution> contributions;

    /** An entity named in an HQL string: after {@code from} or {@code join}. */
    private static final Pattern HQL_ENTITY = Pattern.compile("\\b(?:from|join)\\s+([A-Z][A-Za-z]+)\\b");

    /** feature → tables of other features it maps as entities or names in HQL today, and why. */
    private static final Map<String, Set<String>> KNOWN_IN_HQL = Map.of(
            // every feature records its events through the outbox in its own transaction (README: "Where the code
            // departs from DESIGN.md"); delivery relays and erases them
            "platform", Set.of("outbox"));

    @Test
    void featuresReadOnlyTheirOwnTablesInSql() throws IOException {
        Map<String, String> owner = owners();
        Map<String, Set<String>> crossings = new TreeMap<>();
        Path root = Path.of("src/main/java/io/omnihub");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String feature = root.relativize(file).getName(0).toString();
                Matcher m = SQL_TABLE.matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(1);
                    if (owner.containsKey(table) && !owner.get(table).equals(feature)) {
                        crossings.computeIfAbsent(feature, f -> new TreeSet<>()).add(table);
                    }
                }
            }
        }
        assertThat(owner).as("tables with an owner (the query reads the right classes)").containsKey("request");
        assertThat(crossings).as("SQL strings reading another feature's tables, by feature (KNOWN lists those that"
                + " exist, with reasons; a new one goes through the owner's query service instead)")
                .isEqualTo(new TreeMap<>(KNOWN));
    }

    /**
     * HQL names entities, not tables, so the SQL check above does not see it: an entity a feature maps on another
     * feature's table, or names in an HQL string, is a crossing too.
     */
    @Test
    void featuresMapAndQueryOnlyTheirOwnTablesInHql() throws IOException {
        Map<String, String> owner = owners();
        Map<String, String> tableOf = new TreeMap<>();
        Map<String, Set<String>> crossings = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omnihub")) {
            if (c.isAnnotatedWith(Entity.class)) {
                String table = c.getAnnotationOfType(Table.class).name();
                tableOf.put(c.getSimpleName(), table);
                String feature = ArchitectureTest.feature(c.getPackageName());
                if (owner.containsKey(table) && !owner.get(table).equals(feature)) {
                    crossings.computeIfAbsent(feature, f -> new TreeSet<>()).add(table);
                }
            }
        }
        Path root = Path.of("src/main/java/io/omnihub");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String feature = root.relativize(file).getName(0).toString();
                Matcher m = HQL_ENTITY.matcher(Files.readString(file));
                while (m.find()) {
                    String table = tableOf.get(m.group(1));
                    if (table != null && owner.containsKey(table) && !owner.get(table).equals(feature)) {
                        crossings.computeIfAbsent(feature, f -> new TreeSet<>()).add(table);
                    }
                }
            }
        }
        assertThat(tableOf).as("entities found").containsKeys("Request", "Reply", "Customer");
        assertThat(crossings).as("entities mapped on, or HQL naming, another feature's tables, by feature (KNOWN_IN_HQL"
                + " lists those that exist, with reasons)").isEqualTo(new TreeMap<>(KNOWN_IN_HQL));
    }

    /** Each classified table's owner: the feature whose erasure contribution classifies it. */
    private Map<String, String> owners() {
        Map<String, String> owner = new TreeMap<>();
        for (ErasureContribution c : contributions) {
            String feature = ArchitectureTest.feature(c.getClass().getPackageName());
            c.tables().keySet().forEach(table -> owner.put(table, feature));
        }
        return owner;
    }
}
