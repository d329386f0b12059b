package io.omnihub.delivery.verification;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactNormalizer;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.customer.Trust;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.RequestRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Finds what an adapter asks to verify: a claimed contact of the customer of a conversation on its own channel. */
@ApplicationScoped
class VerificationTargets {

    private final PersonalDataCipher cipher;
    private final ContactNormalizer normalizer;
    private final RequestRepository requests;
    private final ContactPointRepository contacts;

    VerificationTargets(PersonalDataCipher cipher, RequestRepository requests, ContactPointRepository contacts,
            @ConfigProperty(name = "omnihub.intake.default-region", defaultValue = "RU") String region) {
        this.cipher = cipher;
        this.requests = requests;
        this.contacts = contacts;
        this.normalizer = new ContactNormalizer(region);
    }

    record Target(UUID customerId, UUID contactPointId, UUID requestId) {
    }

    @WithSession
    Uni<Target> claimed(UUID requestId, String adapterChannel, String kind, String value) {
        ContactKind contactKind = kind.equals("phone") ? ContactKind.PHONE : ContactKind.EMAIL;
        byte[] hash = cipher.lookupHash(contactKind, normalizer.normalize(contactKind, "value", value));
        return requests.facts(requestId).chain(r -> {
            if (r == null || !r.originChannel().equals(adapterChannel)) {
                return Uni.createFrom().failure(ProblemException.notFound("Request"));
            }
            return contacts.ofCustomer(r.customerId(), hash).map(cp -> {
                if (cp == null) {
                    throw ProblemException.notFound("Contact of this customer");
                }
                if (cp.trust() != Trust.CLAIMED) {
                    throw ProblemException.conflict("already-trusted",
                            "This contact is already " + cp.trust().name().toLowerCase());
                }
                return new Target(r.customerId(), cp.id(), r.id());
            });
        });
    }
}
