package io.omnihub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Entities do not cross features (DESIGN.md): another feature gets a view or an id, through the owner's service. The
 * crossings that exist today are listed below, each with its reason, so none is added unseen; one that goes away must
 * leave the list too.
 */
class EntityOwnershipTest {

    /** feature → entities of other features its classes use today, and why. */
    private static final Map<String, Set<String>> KNOWN = Map.of(
            // a reply's delivery state still lives on its message row (README, "Where the code departs"); the
            // dispatch loads a batch of replies with their requests (origin channel and thread) and addresses
            // (contact points) in one query each: a hot path
            "delivery", Set.of("request.Message", "request.Request", "customer.ContactPoint"));

    @Test
    void featuresUseOnlyTheirOwnEntities() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omnihub");
        Map<String, Set<String>> crossings = new TreeMap<>();
        for (JavaClass c : classes) {
            String feature = ArchitectureTest.feature(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                String owner = ArchitectureTest.feature(target.getPackageName());
                if (target.isAnnotatedWith(jakarta.persistence.Entity.class) && !owner.equals(feature)
                        && !owner.equals("platform")) {
                    crossings.computeIfAbsent(feature, f -> new TreeSet<>()).add(owner + "." + target.getSimpleName());
                }
            }
        }
        assertThat(crossings).as("entities of other features, by the feature using them (KNOWN lists those that exist,"
                + " with reasons; a new one gets a view or an id from the owner's service instead)")
                .isEqualTo(new TreeMap<>(KNOWN));
    }
}
