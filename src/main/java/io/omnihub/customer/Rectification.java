package io.omnihub.customer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Audit;
import io.omnihub.platform.Conflicts;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The right to rectification (152-FZ art. 21, GDPR art. 16): a name corrected, a contact corrected, retired or
 * reactivated, on the customer's word; a contact marked unreachable by a hard bounce. Every change is audited: who,
 * when, the old value masked, and why. A corrected contact is only claimed until it is verified again; a retired or
 * unreachable one is skipped by routing, with that reason in the decision.
 */
@ApplicationScoped
public class Rectification {

    private final ContactPointRepository contactPoints;
    private final CustomerRepository customers;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Audit audit;
    private final Clock clock;
    private final ContactNormalizer normalizer;
    private final NameTokens nameTokens;

    public Rectification(ContactPointRepository contactPoints, CustomerRepository customers, CustomerKeys keys,
            PersonalDataCipher cipher, Audit audit, Clock clock,
            @ConfigProperty(name = "omnihub.intake.default-region", defaultValue = "RU") String region,
            NameTokens nameTokens) {
        this.nameTokens = nameTokens;
        this.normalizer = new ContactNormalizer(region);
        this.contactPoints = contactPoints;
        this.customers = customers;
        this.keys = keys;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** Corrects the customer's name. */
    public Uni<Void> rename(UUID customerId, String name, String reason, String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> customers.findById(customerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Customer"))
                .chain(c -> keys.load(List.of(customerId)).chain(() -> {
                    String old = c.nameEnc == null ? null : cipher.open("name", c.nameEnc);
                    c.nameEnc = cipher.seal(customerId, "name", name);
                    c.updatedAt = clock.instant();
                    return nameTokens.index(customerId, name)
                            .chain(() -> audit.record(actor, "customer.name-corrected", "customer", customerId,
                                    details(reason, "name", old == null ? "" : maskName(old))));
                }))));
    }

    /**
     * Corrects a contact's value: it is claimed again until verified, and refused (409) when another profile holds
     * the new value vouched or verified.
     */
    public Uni<CustomerView.ContactView> correct(UUID customerId, UUID contactId, String rawValue, String reason,
            String actor) {
        return Conflicts.retried(() -> Panache.withTransaction(() -> locked(customerId, contactId).chain(cp -> {
            String value = normalizer.normalize(cp.kind, "value", rawValue);
            byte[] hash = cipher.lookupHash(cp.kind, value);
            return contactPoints.find("valueHash = ?1 and id <> ?2 and (customerId = ?3 or trust <> ?4)", hash, cp.id,
                    customerId, Trust.CLAIMED).firstResult().chain(clash -> {
                        if (clash != null) {
                            return Uni.createFrom().failure(ProblemException.conflict("contact-taken",
                                    "This value is already a contact of this profile, or proven by another"));
                        }
                        return keys.load(List.of(customerId)).chain(() -> {
                            String old = cipher.open("contact", cp.valueEnc);
                            cp.valueHash = hash;
                            cp.valueEnc = cipher.seal(customerId, "contact", value);
                            cp.trust = Trust.CLAIMED;
                            cp.proof = null;
                            cp.proofRef = null;
                            cp.trustedAt = null;
                            cp.state = ContactPoint.State.ACTIVE;
                            cp.stateReason = null;
                            cp.stateChangedAt = clock.instant();
                            return audit.record(actor, "contact.corrected", "customer", customerId,
                                    details(reason, cp.kind.wireName(), mask(old)))
                                    .replaceWith(CustomerView.ContactView.of(cp, value));
                        });
                    });
        })));
    }

    /** Retires a contact (the customer gave up the number, or it was reassigned), or makes it active again. */
    @WithTransaction
    public Uni<CustomerView.ContactView> state(UUID customerId, UUID contactId, ContactPoint.State state, String reason,
            String actor) {
        return locked(customerId, contactId).chain(cp -> keys.loadFor(List.of(cp.valueEnc))
                .chain(() -> {
                    String value = cipher.open("contact", cp.valueEnc);
                    cp.state = state;
                    cp.stateReason = state == ContactPoint.State.ACTIVE ? null : reason;
                    cp.stateChangedAt = clock.instant();
                    return audit.record(actor, "contact." + state.name().toLowerCase(), "customer", customerId,
                            details(reason, cp.kind.wireName(), mask(value)))
                            .replaceWith(CustomerView.ContactView.of(cp, value));
                }));
    }

    /** A hard bounce: the contact cannot be reached at all. Runs in the caller's transaction. */
    public Uni<Void> unreachable(UUID contactId, String reason, String actor) {
        return contactPoints.locked(contactId)
                .chain(cp -> {
                    if (cp == null || cp.state == ContactPoint.State.UNREACHABLE) {
                        return Uni.createFrom().voidItem();
                    }
                    cp.state = ContactPoint.State.UNREACHABLE;
                    cp.stateReason = reason;
                    cp.stateChangedAt = clock.instant();
                    return audit.record(actor, "contact.unreachable", "customer", cp.customerId,
                            details(reason, cp.kind.wireName(), ""));
                });
    }

    private Uni<ContactPoint> locked(UUID customerId, UUID contactId) {
        return contactPoints.locked(contactId)
                .map(cp -> {
                    if (cp == null || !cp.customerId.equals(customerId)) {
                        throw ProblemException.notFound("Contact point");
                    }
                    return cp;
                });
    }

    private static Map<String, String> details(String reason, String kind, String oldMasked) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("kind", kind);
        details.put("old", oldMasked);
        return details;
    }

    /** A name: its first letter only (I***). */
    static String maskName(String name) {
        return name.isEmpty() ? "" : name.charAt(0) + "***";
    }

    /** +7916*****23, a***@example.com. */
    static String mask(String value) {
        return new CustomerView.ContactView(null, ContactKind.PHONE.wireName(), value, null, null, null, null, null)
                .masked().value();
    }
}
