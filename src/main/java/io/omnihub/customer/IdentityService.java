package io.omnihub.customer;

import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.omnihub.platform.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Identity resolution: finds the one profile a message's identifiers belong to, links identifiers seen together,
 * and merges profiles when one message's identifiers match two of them. Names are a weak signal: they never match
 * or merge anything. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class IdentityService {

    private final CustomerRepository customers;
    private final ContactPointRepository contactPoints;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final MergeService merges;
    private final Clock clock;

    public IdentityService(CustomerRepository customers, ContactPointRepository contactPoints, CustomerKeys keys,
            PersonalDataCipher cipher, MergeService merges, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.contactPoints = contactPoints;
        this.keys = keys;
        this.cipher = cipher;
        this.merges = merges;
    }

    /**
     * @param channel the channel the identifiers came from
     * @param identities normalised identifiers, at least one
     * @param name the name the customer gave, if any
     */
    public Uni<Resolution> resolve(String channel, List<Identity> identities, String name) {
        Map<HashKey, Identity> byHash = identities.stream().distinct().collect(Collectors.toMap(
                i -> new HashKey(cipher.lookupHash(i.kind(), i.value())), Function.identity(), (a, b) -> a));
        List<byte[]> hashes = byHash.keySet().stream().map(HashKey::bytes).toList();
        return contactPoints.list("valueHash in ?1", hashes).chain(found -> {
            Set<UUID> owners = found.stream().map(cp -> cp.customerId).collect(Collectors.toSet());
            Uni<Resolution> resolution;
            if (owners.isEmpty()) {
                resolution = create().map(id -> new Resolution(id, true, List.of()));
            } else if (owners.size() == 1) {
                UUID id = owners.iterator().next();
                resolution = lockProfile(id, 0).chain(locked -> locked != null
                        ? Uni.createFrom().item(new Resolution(locked, false, List.of()))
                        : create().map(fresh -> new Resolution(fresh, true, List.of())));
            } else {
                // the oldest profile (UUIDv7 ids are time-ordered) becomes the golden record
                List<UUID> ordered = owners.stream().sorted(Comparator.comparing(UUID::toString)).toList();
                UUID survivor = ordered.get(0);
                List<UUID> others = ordered.subList(1, ordered.size());
                resolution = merges.mergeAll(survivor, others, "identifiers seen together on " + channel,
                        "identity-resolution").map(merged -> new Resolution(survivor, false, merged));
            }
            return resolution.call(r -> link(r.customerId(), channel, byHash, found))
                    .call(r -> name == null || name.isBlank() ? Uni.createFrom().voidItem()
                            : nameIfUnknown(r.customerId(), name.strip()));
        });
    }

    /**
     * Locks the profile a contact belongs to and answers it, or the golden record it was merged into meanwhile (a
     * merge that committed while this message waited for the lock), or null for an erased one. The lock: an erasure
     * running now either finishes first (and a fresh profile starts) or waits for this message, and then erases it
     * too. NO KEY UPDATE, not SHARE: implied consent may bump the profile's policy version later in this
     * transaction, and two messages of one customer that both held a share lock and both wanted to update
     * deadlocked (found by the benchmark).
     */
    private Uni<UUID> lockProfile(UUID id, int hops) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select status, mergedInto from Customer where id = ?1", Object[].class).setParameter(1, id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE) // FOR NO KEY UPDATE on PostgreSQL
                .getSingleResultOrNull())
                .chain(row -> {
                    Customer.Status status = row == null ? null : (Customer.Status) row[0];
                    if (status == Customer.Status.ACTIVE) {
                        return Uni.createFrom().item(id);
                    }
                    if (status == Customer.Status.MERGED && row[1] != null && hops < 8) {
                        return lockProfile((UUID) row[1], hops + 1);
                    }
                    return Uni.createFrom().nullItem();
                });
    }

    /** The profile holding this identifier, or null. Needs a session. */
    public Uni<UUID> find(Identity identity) {
        return contactPoints.find("valueHash", cipher.lookupHash(identity.kind(), identity.value())).firstResult()
                .map(cp -> cp == null ? null : cp.customerId);
    }

    private Uni<UUID> create() {
        Customer customer = new Customer();
        customer.id = Ids.next();
        customer.status = Customer.Status.ACTIVE;
        customer.createdAt = clock.instant();
        customer.updatedAt = customer.createdAt;
        return customers.persist(customer).call(c -> keys.create(c.id)).map(c -> c.id);
    }

    private Uni<Void> link(UUID customerId, String channel, Map<HashKey, Identity> byHash, List<ContactPoint> found) {
        Set<HashKey> known = new HashSet<>();
        found.forEach(cp -> known.add(new HashKey(cp.valueHash)));
        List<ContactPoint> fresh = byHash.entrySet().stream().filter(e -> !known.contains(e.getKey()))
                .map(e -> contactPoint(customerId, channel, e.getKey().bytes(), e.getValue())).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return keys.load(List.of(customerId))
                .invoke(() -> fresh.forEach(cp -> cp.valueEnc = cipher.seal(customerId, "contact",
                        byHash.get(new HashKey(cp.valueHash)).value())))
                .chain(() -> contactPoints.persist(fresh.stream()))
                .replaceWithVoid();
    }

    private ContactPoint contactPoint(UUID customerId, String channel, byte[] hash, Identity identity) {
        ContactPoint cp = new ContactPoint();
        cp.id = Ids.next();
        cp.customerId = customerId;
        cp.kind = identity.kind();
        cp.valueHash = hash;
        cp.sourceChannel = channel;
        cp.createdAt = clock.instant();
        return cp;
    }

    private Uni<Void> nameIfUnknown(UUID customerId, String name) {
        return customers.findById(customerId).chain(c -> {
            if (c.nameEnc != null) {
                return Uni.createFrom().voidItem();
            }
            return keys.load(List.of(customerId)).invoke(() -> {
                c.nameEnc = cipher.seal(customerId, "name", name);
                c.updatedAt = clock.instant();
            });
        });
    }

    /** The outcome: the profile, whether it was created now, and which profiles were merged into it. */
    public record Resolution(UUID customerId, boolean created, List<UUID> mergedCustomerIds) {
    }

    /** byte[] with value equality, for maps keyed by hash. */
    private record HashKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof HashKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
