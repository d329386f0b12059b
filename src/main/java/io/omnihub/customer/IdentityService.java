package io.omnihub.customer;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Ids;
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
    private final SuspectedDuplicates duplicates;
    private final Clock clock;
    private final NameTokens nameTokens;
    private final NewProfiles newProfiles;

    public IdentityService(CustomerRepository customers, ContactPointRepository contactPoints, CustomerKeys keys,
            PersonalDataCipher cipher, MergeService merges, SuspectedDuplicates duplicates, Clock clock,
            NameTokens nameTokens, NewProfiles newProfiles) {
        this.nameTokens = nameTokens;
        this.newProfiles = newProfiles;
        this.duplicates = duplicates;
        this.clock = clock;
        this.customers = customers;
        this.contactPoints = contactPoints;
        this.keys = keys;
        this.cipher = cipher;
        this.merges = merges;
    }

    /** The question resolving these identifiers (normalised, with their trust, at least one) asks the store. */
    public IdentityQuestion question(List<Identity> identities) {
        Map<ByteBuffer, Identity> byHash = new HashMap<>();
        for (Identity i : identities) {
            // the same value twice (a phone as claimed and as vouched): the stronger one counts
            byHash.merge(ByteBuffer.wrap(cipher.lookupHash(i.kind(), i.value())), i, (a, b) -> a.trusted() ? a : b);
        }
        List<byte[]> hashes = byHash.keySet().stream().map(ByteBuffer::array).toList();
        List<byte[]> trustedHashes = byHash.entrySet().stream().filter(e -> e.getValue().trusted())
                .map(e -> e.getKey().array()).toList();
        return new IdentityQuestion(byHash, ContactPointRepository.foundAndLocked(hashes, trustedHashes));
    }

    /**
     * Finds the profile of a message. Only trusted identifiers (vouched or verified) link it to a profile or merge
     * profiles; a claimed one is kept on the profile found, and where it matches another profile's contact the pair
     * becomes a suspected duplicate for a supervisor, never a link.
     *
     * @param channel the channel the identifiers came from
     * @param question the message's identifiers ({@link #question})
     * @param lookup what its read answered, given {@code threadOwner}: the profile the message's trusted values prove
     *        (else the conversation's) is locked by it
     * @param givenName the name the customer gave, if any
     * @param threadOwner the profile whose conversation the message continues, if any: it keeps a conversation on
     *        one profile when the message carries no trusted identifier (an anonymous web session writing again)
     */
    public Uni<Resolution> resolve(String channel, IdentityQuestion question, ContactPointRepository.Lookup lookup,
            String givenName, UUID threadOwner) {
        String name = givenName == null || givenName.isBlank() ? null : givenName.strip();
        Map<ByteBuffer, Identity> byHash = question.byHash();
        List<ContactPointRepository.Found> found = lookup.contacts();
        // the profiles a trusted identifier of this message proves: their trusted contacts with its values
        Set<UUID> owners = found.stream()
                .filter(cp -> cp.trust().trusted() && byHash.get(ByteBuffer.wrap(cp.valueHash())).trusted())
                .map(ContactPointRepository.Found::customerId).collect(Collectors.toSet());
        Uni<Resolution> resolution;
        if (owners.isEmpty() && threadOwner != null) {
            resolution = locked(lookup, threadOwner);
        } else if (owners.isEmpty()) {
            resolution = Uni.createFrom().item(Resolution.fresh());
        } else if (owners.size() == 1) {
            resolution = locked(lookup, owners.iterator().next());
        } else {
            // the oldest profile (UUIDv7 ids are time-ordered) becomes the golden record
            List<UUID> ordered = owners.stream().sorted(Comparator.comparing(UUID::toString)).toList();
            UUID survivor = ordered.get(0);
            List<UUID> others = ordered.subList(1, ordered.size());
            resolution = merges.mergeAll(survivor, others, "identifiers seen together on " + channel,
                    "identity-resolution", MergeLog.Basis.TRUSTED)
                    .map(merged -> new Resolution(survivor, false, false, merged, Set.of()));
        }
        return resolution
                .call(r -> link(r, channel, byHash, found, name))
                // a profile created now has the name already, in its first row; the lock told whether one had
                .call(r -> name == null || r.created() || r.named() ? Uni.createFrom().voidItem()
                        : nameIfUnknown(r.customerId(), name));
    }

    /**
     * Locks the profile a contact belongs to and answers it, with whether it has a name, or the golden record a merge
     * that committed while this message waited made of it, or null for an erased one: an erasure running now either
     * finishes first (and a fresh profile starts) or waits for this message, and then erases it too. NO KEY UPDATE:
     * implied consent may bump the policy version later in this transaction (two share locks deadlocked).
     */
    private Uni<Resolution> lockProfile(UUID id, int hops) {
        return customers.lockedProfile(id).chain(row -> resolved(id, row, hops, Set.of()));
    }

    /** {@link #lockProfile}, by the lookup's lock where it took this profile's; a fresh profile for none. */
    private Uni<Resolution> locked(ContactPointRepository.Lookup lookup, UUID id) {
        Uni<Resolution> locked = id.equals(lookup.lockedId())
                ? resolved(id, lookup.locked(), 0, lookup.serviceDecided())
                : lockProfile(id, 0);
        return locked.map(r -> r != null ? r : Resolution.fresh());
    }

    private Uni<Resolution> resolved(UUID id, CustomerRepository.Status row, int hops, Set<String> decided) {
        Customer.Status status = row == null ? null : row.status();
        if (status == Customer.Status.ACTIVE) {
            return Uni.createFrom().item(new Resolution(id, false, row.named(), List.of(), decided));
        }
        if (status == Customer.Status.MERGED && row.mergedInto() != null && hops < 8) {
            return lockProfile(row.mergedInto(), hops + 1);
        }
        return Uni.createFrom().nullItem();
    }

    /** The profile holding this identifier (its trusted holder before any mere claim), or null. Needs a session. */
    public Uni<UUID> find(Identity identity) {
        return findByHash(lookupHash(identity));
    }

    /** The keyed hash an identifier is found by, to remember it without its value. */
    public byte[] lookupHash(Identity identity) {
        return cipher.lookupHash(identity.kind(), identity.value());
    }

    /** {@link #find} by the identifier's {@link #lookupHash}. Needs a session. */
    public Uni<UUID> findByHash(byte[] lookupHash) {
        return contactPoints.owner(lookupHash).map(cp -> cp == null ? null : cp.customerId);
    }

    /**
     * A profile created now, whole, with one statement: its row with its name (null if none given) sealed, its data
     * key, its contacts, its name's index entries and the suspected duplicates its values suggest.
     */
    private Uni<Void> create(UUID id, String name, List<ContactPoint> contacts, Map<ByteBuffer, Identity> byHash,
            Map<UUID, List<SuspectedDuplicates.Match>> suspected) {
        byte[] wrappedKey = cipher.newWrappedKey(id); // usable at once: the values below are sealed with it
        contacts.forEach(cp -> cp.valueEnc = cipher.seal(id, "contact",
                byHash.get(ByteBuffer.wrap(cp.valueHash)).value()));
        return newProfiles.insert(id, name == null ? null : cipher.seal(id, "name", name), wrappedKey, clock.instant(),
                nameTokens.hashes(name), contacts, duplicates.pairs(suspected));
    }

    /**
     * Gives the profile a contact point for every value of the message it lacks (a profile created now: writes it
     * with them), raises a claimed one to the trust the message brings, and records a suspected duplicate wherever a
     * value the message merely claims, or a claim another profile holds, meets another profile.
     */
    private Uni<Void> link(Resolution resolution, String channel, Map<ByteBuffer, Identity> byHash,
            List<ContactPointRepository.Found> found, String name) {
        UUID customerId = resolution.customerId();
        List<UUID> merged = resolution.mergedCustomerIds();
        Instant now = clock.instant();
        Map<ByteBuffer, ContactPointRepository.Found> own = new HashMap<>();
        Map<UUID, List<SuspectedDuplicates.Match>> suspected = new HashMap<>();
        Map<UUID, Identity> raised = new HashMap<>(); // own claims, given the trust of a stronger identifier
        for (ContactPointRepository.Found cp : found) {
            ByteBuffer key = ByteBuffer.wrap(cp.valueHash());
            Identity mine = byHash.get(key);
            if (cp.customerId().equals(customerId) || merged.contains(cp.customerId())) {
                own.put(key, cp);
                if (mine.trusted() && !cp.trust().trusted()) {
                    raised.put(cp.id(), mine);
                }
            } else {
                // a trusted value proves the other profile; anything else only suggests a duplicate
                if (!(mine.trusted() && cp.trust().trusted())) {
                    suspected.computeIfAbsent(cp.customerId(), k -> new ArrayList<>())
                            .add(new SuspectedDuplicates.Match(cp.kind(), mine.trust(), cp.trust(), channel));
                }
            }
        }
        List<ContactPoint> fresh = byHash.entrySet().stream().filter(e -> !own.containsKey(e.getKey()))
                .map(e -> contactPoint(customerId, channel, e.getKey().array(), e.getValue())).toList();
        if (resolution.created()) {
            return create(customerId, name, fresh, byHash, suspected);
        }
        Uni<Void> stored = contactPoints.trust(raised, now).chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem()
                : keys.load(List.of(customerId))
                        .invoke(() -> fresh.forEach(cp -> cp.valueEnc = cipher.seal(customerId, "contact",
                                byHash.get(ByteBuffer.wrap(cp.valueHash)).value())))
                        .chain(() -> contactPoints.persist(fresh.stream())));
        return stored.chain(() -> duplicates.record(customerId, suspected));
    }

    private ContactPoint contactPoint(UUID customerId, String channel, byte[] hash, Identity identity) {
        ContactPoint cp = new ContactPoint();
        cp.id = Ids.next();
        cp.customerId = customerId;
        cp.kind = identity.kind();
        cp.valueHash = hash;
        cp.sourceChannel = channel;
        cp.createdAt = clock.instant();
        cp.trust(identity, cp.createdAt);
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
            }).chain(() -> nameTokens.index(customerId, name));
        });
    }

    /**
     * The outcome: the profile, whether it was created now, whether it is known to have a name already (false when
     * not known), which profiles were merged into it, and channels its SERVICE consent is known to be decided on.
     */
    public record Resolution(UUID customerId, boolean created, boolean named, List<UUID> mergedCustomerIds,
            Set<String> serviceDecided) {

        /** A profile to create, with a new id: {@code link} writes it. */
        static Resolution fresh() {
            return new Resolution(Ids.next(), true, false, List.of(), Set.of());
        }
    }
}
