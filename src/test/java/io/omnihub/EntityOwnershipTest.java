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
 * Entities do not cross features (DESIGN.md): another feature gets a copy ({@code RequestFacts}, {@code SealedBody},
 * {@code ContactFacts}) or an id, through the owner's repository or service, and writes through the owner's methods.
 * Only {@code platform}'s shared entities may be used anywhere.
 */
class EntityOwnershipTest {

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
        // an entity can also cross without being named: as what another feature's method answers or takes
        for (JavaClass c : classes) {
            String feature = ArchitectureTest.feature(c.getPackageName());
            for (var call : c.getMethodCallsFromSelf()) {
                String owner = ArchitectureTest.feature(call.getTargetOwner().getPackageName());
                if (owner.equals(feature) || owner.equals("platform") || !owner.matches("[a-z]+")) {
                    continue;
                }
                call.getTarget().resolveMember().ifPresent(method -> {
                    var types = new java.util.ArrayList<JavaClass>(method.getReturnType().getAllInvolvedRawTypes());
                    method.getParameterTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
                    types.stream().filter(t -> t.isAnnotatedWith(jakarta.persistence.Entity.class))
                            .filter(t -> ArchitectureTest.feature(t.getPackageName()).equals(owner))
                            .forEach(t -> crossings.computeIfAbsent(feature, f -> new TreeSet<>())
                                    .add(owner + "." + t.getSimpleName() + " (through " + method.getName() + ")"));
                });
            }
        }
        assertThat(crossings).as("entities of other features, by the feature using them (it gets a copy or an id from"
                + " the owner's repository or service instead)").isEmpty();
    }
}
