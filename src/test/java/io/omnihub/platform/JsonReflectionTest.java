package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Omnihub's own code hands to Jackson outside the REST endpoints' signatures (which Quarkus registers itself)
 * is registered for reflection, since a native image reaches a class's constructor and accessors only so: the
 * policies cached in Redis, the stored JSON of merges, suspected duplicates and erasure logs, the problem body, the
 * chatbot webhook's event (read from its raw bytes), an envelope's fingerprint, a hand-off notice on the outbox, a
 * started verification's answer and the stored policies routing reads. The events are {@code EventCatalogueTest}'s.
 */
class JsonReflectionTest {

    private static final List<String> READ_OR_WRITTEN = List.of(
            "io.omnihub.routing.CustomerPolicy",
            "io.omnihub.routing.QuietHours",
            "io.omnihub.customer.MergeService$Moved",
            "io.omnihub.customer.SuspectedDuplicates$Match",
            "io.omnihub.customer.Identity",
            "io.omnihub.request.Turn",
            "io.omnihub.request.Handoffs$Notice",
            "io.omnihub.platform.ErasureContribution$LogEntry",
            "io.omnihub.platform.Problem",
            "io.omnihub.intake.http.ChatbotEvent",
            "io.omnihub.intake.http.ChatbotEvent$User",
            "io.omnihub.intake.http.ChatbotEvent$TranscriptTurn",
            "io.omnihub.delivery.verification.Verifications$Started",
            "io.omnihub.consent.StoredPolicies$StoredPolicy",
            "io.omnihub.consent.Preference",
            "io.omnihub.consent.Consent");

    @Test
    void everyClassJacksonHandlesOutsideTheEndpointsIsRegistered() throws ClassNotFoundException {
        Set<String> registered = new HashSet<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omnihub")) {
            RegisterForReflection r = c.reflect().getAnnotation(RegisterForReflection.class);
            if (r == null) {
                continue;
            }
            if (r.targets().length == 0 && r.classNames().length == 0) {
                registered.add(c.getName());
            }
            Arrays.stream(r.targets()).map(Class::getName).forEach(registered::add);
            registered.addAll(Arrays.asList(r.classNames()));
        }
        for (String name : READ_OR_WRITTEN) {
            Class.forName(name); // a class renamed or gone fails here, not silently
            assertThat(registered).as("%s is registered for reflection", name).contains(name);
        }
    }
}
