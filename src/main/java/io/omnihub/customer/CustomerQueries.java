package io.omnihub.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Json;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reads of customer profiles, contact points and the merge log. */
@ApplicationScoped
public class CustomerQueries {

    private final CustomerRepository customers;
    private final ContactPointRepository contactPoints;
    private final MergeLogRepository merges;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Json json;

    public CustomerQueries(CustomerRepository customers, ContactPointRepository contactPoints,
            MergeLogRepository merges, CustomerKeys keys, PersonalDataCipher cipher, Json json) {
        this.customers = customers;
        this.contactPoints = contactPoints;
        this.merges = merges;
        this.keys = keys;
        this.cipher = cipher;
        this.json = json;
    }

    /** The profile holding this exact (normalised) contact, or null. */
    @WithSession
    public Uni<CustomerView> byContact(ContactKind kind, String normalized) {
        // the owner's contacts with the probe of the value, then the profile: two statements
        return contactPoints.ofOwner(cipher.lookupHash(kind, normalized)).chain(cps -> cps.isEmpty()
                ? Uni.createFrom().nullItem()
                : customers.findById(cps.get(0).customerId).chain(c -> c == null ? Uni.createFrom().nullItem()
                        : view(c, cps)));
    }

    @WithSession
    public Uni<CustomerView> byId(UUID id) {
        return view(id);
    }

    @WithSession
    public Uni<List<MergeView>> merges(UUID customerId) {
        return merges.list("survivorId = ?1 or mergedId = ?1 order by id", customerId)
                .map(list -> list.stream().map(this::mergeView).toList());
    }

    private Uni<CustomerView> view(UUID id) {
        return customers.findById(id).chain(c -> c == null ? Uni.createFrom().nullItem()
                : contactPoints.list("customerId = ?1 order by id", id).chain(cps -> view(c, cps)));
    }

    /** A profile's view from its row and its contacts, opened with its data key. */
    private Uni<CustomerView> view(Customer c, List<ContactPoint> cps) {
        List<byte[]> sealed = new ArrayList<>();
        sealed.add(c.nameEnc);
        cps.forEach(cp -> sealed.add(cp.valueEnc));
        return keys.loadFor(sealed).map(ignored -> new CustomerView(c.id, c.status.name(), c.mergedInto,
                cipher.open("name", c.nameEnc),
                cps.stream().map(cp -> CustomerView.ContactView.of(cp, cipher.open("contact", cp.valueEnc))).toList(),
                c.createdAt));
    }

    private MergeView mergeView(MergeLog m) {
        return new MergeView(m.id, m.survivorId, m.mergedId, m.reason, m.basis.name(), json.tree(m.moved), m.actor,
                m.createdAt, m.unmergedAt, m.unmergedBy);
    }
}
