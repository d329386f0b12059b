package io.omnihub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import io.quarkus.scheduler.Scheduled;

/** The feature package rules of DESIGN.md, for the packages that exist. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.omnihub");

    /**
     * Which other features each feature may use. {@code platform} and {@code security} serve everyone. The README's
     * "Allowed edges between features" lists exactly these, each with its reason.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("platform", Set.of()),
            Map.entry("local", Set.of()),
            Map.entry("routing", Set.of()),
            Map.entry("channel", Set.of()),
            Map.entry("team", Set.of("channel")),
            Map.entry("analytics", Set.of("channel")),
            Map.entry("security", Set.of("channel")),
            Map.entry("consent", Set.of("channel", "routing")),
            Map.entry("customer", Set.of("channel", "consent")),
            Map.entry("request", Set.of("channel", "customer", "team")),
            Map.entry("delivery", Set.of("channel", "consent", "customer", "request", "routing")),
            Map.entry("intake", Set.of("channel", "consent", "customer", "request", "delivery", "routing")),
            Map.entry("privacy", Set.of("consent", "customer", "request", "delivery", "intake")),
            Map.entry("console", Set.of("analytics", "channel", "consent", "customer", "request", "delivery", "routing",
                    "team")));

    @Test
    void featuresDependOnlyOnWhatDesignAllows() {
        classes()
                .that().resideInAPackage("io.omnihub..")
                .should(onlyDependOnAllowedFeatures())
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void theReadmeListsExactlyTheAllowedEdgesWithAReasonEach() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Allowed edges between features"));
        section = section.substring(0, section.indexOf("\n#", 4));
        Map<String, Set<String>> listed = new java.util.TreeMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            String feature = cells[1].strip().replace("`", "");
            Set<String> uses = new java.util.TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-z]+)`").matcher(cells[2]);
            while (m.find()) {
                uses.add(m.group(1));
            }
            org.assertj.core.api.Assertions.assertThat(cells[3].strip()).as("the reason for %s's edges", feature)
                    .isNotEmpty();
            listed.put(feature, uses);
        }
        org.assertj.core.api.Assertions.assertThat(listed).as("the README's edges, against ArchitectureTest.ALLOWED")
                .isEqualTo(new java.util.TreeMap<>(ALLOWED));
    }

    @Test
    void everyClassBelongsToAKnownFeature() {
        classes()
                .that().resideInAPackage("io.omnihub..")
                .should(new ArchCondition<>("reside in a feature package named in DESIGN.md") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        String feature = feature(item.getPackageName());
                        if (!ALLOWED.containsKey(feature)) {
                            events.add(SimpleConditionEvent.violated(item, item.getName() + " is in no known feature"));
                        }
                    }
                }).check(CLASSES);
    }

    @Test
    void routingIsPure() {
        noClasses()
                .that().resideInAPackage("io.omnihub.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.smallrye.mutiny..",
                        "io.quarkus.hibernate..", "org.hibernate..", "io.quarkus.redis..", "org.apache.kafka..",
                        "jakarta.persistence..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void resourcesOpenNoTransactionsAndNoSessions() {
        noClasses()
                .that().haveSimpleNameEndingWith("Resource").or().resideInAPackage("io.omnihub..http..")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "io.quarkus.hibernate.reactive.panache.common.WithTransaction")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "io.quarkus.hibernate.reactive.panache.common.WithSession")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "io.quarkus.hibernate.reactive.panache.Panache")
                .orShould().dependOnClassesThat().resideInAPackage("org.hibernate.reactive..")
                .orShould().dependOnClassesThat().resideInAPackage("io.vertx.mutiny.sqlclient..")
                .because("a resource maps a request to a use case; the use case's service opens the session or the"
                        + " transaction (annotated or programmatic) and runs the statements")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyRepositoriesRunStatementsOnTheSession() {
        noClasses()
                .that().areNotAnnotatedWith(io.quarkus.hibernate.reactive.panache.common.WithSession.class)
                // records an outbox entry with one persist, inside every feature's transactions, on hot paths: a
                // session interceptor there would be pure overhead
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.Outbox")
                // the same, for an audit line
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.Audit")
                // hands its session to every feature's ErasureContribution, so all of them run in its transaction
                .and().doNotHaveFullyQualifiedName("io.omnihub.privacy.ErasureService")
                // runs a repository's plain statement on the connection of the session the repository joined
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.SessionSql")
                .should().callMethod(io.quarkus.hibernate.reactive.panache.Panache.class, "getSession")
                .because("a feature's statements live in its repositories, which carry @WithSession and join the"
                        + " caller's session and transaction; services compose them and carry the transaction")
                .check(CLASSES);
    }

    @Test
    void onlyRepositoriesRunPlainStatementsOnTheSessionsConnection() {
        noClasses()
                .that().areNotAnnotatedWith(io.quarkus.hibernate.reactive.panache.common.WithSession.class)
                // its batched outbox rows, as for its persist above
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.Outbox")
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.SessionSql")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.type(
                                        io.omnihub.platform.SessionSql.class))))
                .because("SessionSql runs a feature's statement on the session its repository joined; elsewhere"
                        + " there may be no session, or another feature's")
                .check(CLASSES);
    }

    @Test
    void aFeaturesHttpPackageIsALeaf() {
        classes().should(new ArchCondition<>("use a feature's http package only from inside it") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (target.startsWith("io.omnihub.") && target.endsWith(".http")
                            && !item.getPackageName().equals(target)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        }).because("X.http holds feature X's resources and their bodies: it maps HTTP to X's services, and nothing,"
                + " not even X, depends on it; a type two ways in share (a command, a receipt) lives in X")
                .check(CLASSES);
    }

    @Test
    void theOutboxRelayKnowsNoTopic() {
        noClasses()
                .that().haveFullyQualifiedName("io.omnihub.delivery.outbox.OutboxRelay")
                .or().haveFullyQualifiedName("io.omnihub.delivery.outbox.OutboxSends")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Reply")
                .orShould().dependOnClassesThat().resideInAnyPackage("io.omnihub.request..", "io.omnihub.customer..",
                        "io.omnihub.consent..", "io.omnihub.routing..")
                .because("what a topic needs before it is published belongs to its OutboxPreparation")
                .check(CLASSES);
    }

    @Test
    void theOutboxRelayShowsOnlyItsHookItsEventsAndItsAdminApi() {
        // a configuration mapping must be public (Quarkus validates it)
        // its retention sweep is public like every feature's, so that one test can run them as two replicas would
        onlyShown("io.omnihub.delivery.outbox", Set.of("OutboxPreparation", "OutboxEvents", "OutboxAdminResource",
                "OutboxConfig", "OutboxRetention"),
                "the relay, its ordering and failure rules and the dead list are the outbox's own");
    }

    @Test
    void customerCryptoShowsOnlyTheCipherTheKeysAndShredding() {
        onlyShown("io.omnihub.customer.crypto", Set.of("PersonalDataCipher", "CustomerKeys", "KeyShredding",
                "KeyRotationResource", "CryptoConfig"),
                "the keys' table, its repository and the re-wrap are the"
                        + " crypto's own");
    }

    @Test
    void theConsoleSessionShowsOnlyItsSignInPages() {
        onlyShown("io.omnihub.console.session", Set.of("SignInResource"), "the session cookie, the redirect of the"
                + " signed-out and the cross-site refusal are the console session's own");
    }

    @Test
    void intakesWaysInShowOnlyTheirResourcesAndBodies() {
        onlyShown("io.omnihub.intake.http", Set.of("AdapterResource", "ChatbotWebhookResource", "SmsWebhookResource",
                "AdapterMessage", "Attachment", "ChatbotEvent", "CustomerIdentifiers", "IntakeResponse"),
                "turning a call into an envelope (EnvelopeFactory, FormBody) is the ways in's own");
        noClasses()
                .that().resideInAPackage("io.omnihub.intake")
                .should().dependOnClassesThat().resideInAPackage("io.omnihub.intake.http")
                .because("the ways in verify and map a call to an InboundEnvelope; the use case (IntakeService)"
                        + " knows none of them")
                .check(CLASSES);
    }

    @Test
    void verificationShowsItsServicesAndResourcesAndDeliveryKnowsItOnlyByItsHook() {
        onlyShown("io.omnihub.delivery.verification", Set.of("Verifications", "CodeChecks", "VerificationResource",
                "ContactVerificationResource"), "who may be sent a code, for which conversation, is verification's own");
        noClasses()
                .that().resideInAPackage("io.omnihub.delivery")
                .should().dependOnClassesThat().resideInAPackage("io.omnihub.delivery.verification")
                .because("a code's message is written through DirectReplies and addressed through the CodeAddresses"
                        + " hook; replies know nothing else of verification")
                .check(CLASSES);
    }

    /** Only these top-level classes of a sub-package are public (a public class in a package-private one is not). */
    private static void onlyShown(String subPackage, Set<String> shown, String because) {
        classes()
                .that().resideInAPackage(subPackage)
                .and().arePublic()
                .should(new ArchCondition<>("be, or be inside, one of " + shown) {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        JavaClass top = c;
                        while (top.getEnclosingClass().isPresent()) {
                            top = top.getEnclosingClass().get();
                        }
                        boolean reachable = top.getModifiers()
                                .contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC);
                        if (reachable && !shown.contains(top.getSimpleName())) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " is public"));
                        }
                    }
                })
                .because(because)
                .check(CLASSES);
    }

    @Test
    void onlyReplyOutboxPutsRepliesIntoTheOutbox() {
        noClasses()
                .that().doNotHaveFullyQualifiedName("io.omnihub.delivery.ReplyOutbox")
                .and().doNotHaveFullyQualifiedName("io.omnihub.platform.Outbox")
                .and().doNotHaveFullyQualifiedName("io.omnihub.request.Handoffs")
                .and().doNotHaveFullyQualifiedName("io.omnihub.privacy.ErasureLog")
                .should().callMethod(io.omnihub.platform.Outbox.class, "record", String.class, String.class,
                        String.class, String.class, java.util.UUID.class, Object.class, java.time.Instant.class)
                .because("a reply's outbox entry is written in one place, a bot's hand-off notice in another, an"
                        + " erasure's entry in the erasure log in a third; events go through Outbox.event")
                .check(CLASSES);
    }

    @Test
    void onlyTheReplyLifecycleWritesAReplysDeliveryState() {
        noClasses()
                .that().doNotHaveFullyQualifiedName("io.omnihub.delivery.ReplyLifecycle")
                .and().doNotHaveFullyQualifiedName("io.omnihub.delivery.Reply")
                .should().setFieldWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a field of delivery.Reply",
                        access -> access.getTargetOwner().getFullName().equals("io.omnihub.delivery.Reply")))
                .because("every transition of a reply is a method of delivery.ReplyLifecycle")
                .check(CLASSES);
    }

    @Test
    void restResourcesNeverAnswerWithEntities() {
        methods().that().areDeclaredInClassesThat().areAnnotatedWith(jakarta.ws.rs.Path.class).and().arePublic()
                .should(new ArchCondition<>("not return a JPA entity, directly or inside Uni, List or the like") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod method, ConditionEvents events) {
                        method.getReturnType().getAllInvolvedRawTypes().stream()
                                .filter(t -> t.isAnnotatedWith(jakarta.persistence.Entity.class))
                                .forEach(t -> events.add(SimpleConditionEvent.violated(method,
                                        method.getFullName() + " returns entity " + t.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /**
     * A job's run that outlasts its interval must not overlap the next (two sweeps of one backlog at once, each
     * holding a connection while the database is slow), nor start before the application is up.
     */
    @Test
    void everyScheduledJobSkipsARunWhileTheLastGoesOnOrTheApplicationIsNotUp() {
        methods().that().areAnnotatedWith(Scheduled.class)
                .should(new ArchCondition<>("skip a run while the last goes on or the application is not up") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod method, ConditionEvents events) {
                        var scheduled = method.getAnnotationOfType(Scheduled.class);
                        if (scheduled.concurrentExecution() != Scheduled.ConcurrentExecution.SKIP
                                || scheduled.skipExecutionIf() != Scheduled.ApplicationNotRunning.class) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " overlaps its last run or runs before the application is up"));
                        }
                    }
                })
                .check(CLASSES);
    }

    static String feature(String packageName) {
        String rest = packageName.startsWith("io.omnihub.") ? packageName.substring("io.omnihub.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> onlyDependOnAllowedFeatures() {
        return new ArchCondition<>("depend only on the features DESIGN.md allows") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = feature(item.getPackageName());
                Set<String> allowed = ALLOWED.getOrDefault(own, Set.of());
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if (!target.startsWith("io.omnihub.")) {
                        continue;
                    }
                    String other = feature(target);
                    boolean shared = other.equals("platform") || (other.equals("security") && !own.equals("platform"));
                    if (!other.equals(own) && !shared && !allowed.contains(other)) {
                        events.add(SimpleConditionEvent.violated(dependency, own + " may not use " + other + ": "
                                + dependency.getDescription()));
                    }
                }
            }
        };
    }

}
