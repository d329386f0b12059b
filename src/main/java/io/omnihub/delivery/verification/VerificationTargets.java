package io.omnihub.delivery.verification;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactNormalizer;
import io.omnihub.customer.ContactPoint;
import io.omnihub.customer.Trust;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Request;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Finds what an adapter asks to verify: a claimed contact of the customer of a conversation on its own channel. */
@ApplicationScoped
class VerificationTargets {

    private final PersonalDataCipher cipher;
    private final ContactNormalizer normalizer;

    VerificationTargets(PersonalDataCipher cipher,
            @ConfigProperty(name = "omnihub.intake.default-region", defaultValue = "RU") String region) {
        this.cipher = cipher;
        this.normalizer = new ContactNormalizer(region);
    }

    record Target(UUID customerId, UUID contactPointId, UUID requestId) {
    }

    Uni<Target> claimed(UUID requestId, String adapterChannel, String kind, String value) {
        ContactKind contactKind = kind.equals("phone") ? ContactKind.PHONE : ContactKind.EMAIL;
        byte[] hash = cipher.lookupHash(contactKind, normalizer.normalize(contactKind, "value", value));
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.find(Request.class, requestId)
                .chain(r -> {
                    if (r == null || !r.originChannel.equals(adapterChannel)) {
                        return Uni.createFrom().failure(ProblemException.notFound("Request"));
                    }
                    return s.createSelectionQuery("from ContactPoint where customerId = ?1 and valueHash = ?2",
                            ContactPoint.class).setParameter(1, r.customerId).setParameter(2, hash)
                            .getSingleResultOrNull()
                            .map(cp -> {
                                if (cp == null) {
                                    throw ProblemException.notFound("Contact of this customer");
                                }
                                if (cp.trust != Trust.CLAIMED) {
                                    throw ProblemException.conflict("already-trusted",
                                            "This contact is already " + cp.trust.name().toLowerCase());
                                }
                                return new Target(r.customerId, cp.id, r.id);
                            });
                })));
    }
}
