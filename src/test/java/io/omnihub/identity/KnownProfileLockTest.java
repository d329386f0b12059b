package io.omnihub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.customer.Identity;
import io.omnihub.customer.IdentityQuestion;
import io.omnihub.customer.IdentityService;
import io.omnihub.customer.Proof;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A message from a known contact reads the contacts its values match and locks the profile they prove in one
 * statement, and the lock still holds a message back while an erasure or a merge of that profile is under way: a
 * message continuing a conversation of a profile merged meanwhile lands on the golden record.
 */
@QuarkusTest
class KnownProfileLockTest {

    /**
     * Statements reading contact points by their values or locking a profile for a message: the identity lookup's
     * function ({@code found_and_locked}, V32), whose own statement the server counts as part of its caller's.
     */
    private static final String RESOLUTION = "query ILIKE '%from contact_point%value_hash%'"
            + " OR query LIKE '%found_and_locked(%' OR query LIKE '%FROM customer WHERE id = $1 FOR NO KEY UPDATE%'";

    @Inject
    IdentityService identities;
    @Inject
    ContactPointRepository contactPoints;
    @Inject
    Pool pool;

    @Test
    void aKnownContactsProfileIsFoundAndLockedInOneStatement() {
        Inbound.SmsCustomer known = Inbound.smsCustomer();

        long fewest = Long.MAX_VALUE;
        IdentityService.Resolution resolution = null;
        for (int attempt = 0; attempt < 3 && fewest > 1; attempt++) {
            long before = Db.calls(pool, RESOLUTION);
            resolution = resolve(known.phone());
            fewest = Math.min(fewest, Db.calls(pool, RESOLUTION) - before);
        }

        assertThat(fewest).as("statements reading the contacts and locking the profile").isEqualTo(1);
        assertThat(resolution.customerId()).hasToString(known.customerId());
        assertThat(resolution.created()).isFalse();
    }

    /**
     * A value the message only claims proves nothing, so its lookup locks no profile that holds it as trusted, even on
     * a new conversation with nothing else to lock (the lookup's function took every value of the message for a
     * trusted one on 7 December, and locked the other customer's profile).
     */
    @Test
    void aValueTheMessageOnlyClaimsLocksNoProfileThatHoldsItTrusted() throws Throwable {
        Inbound.SmsCustomer known = Inbound.smsCustomer(); // its phone vouched for by the carrier
        IdentityQuestion question = identities.question(List.of(Identity.claimed(ContactKind.PHONE, known.phone())));

        ContactPointRepository.Lookup lookup = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> contactPoints.lookup(question, null)));

        assertThat(lookup.lockedId()).as("the profile locked").isNull();
    }

    @Test
    void aMessageWaitsWhileAnotherTransactionChangesItsProfileAndReadsWhatItCommitted() throws Exception {
        Inbound.SmsCustomer known = Inbound.smsCustomer(); // a profile an SMS made has no name
        UUID id = UUID.fromString(known.customerId());
        try {
            IdentityService.Resolution resolution = whileLocked("UPDATE customer SET name_enc = '\\x00'::bytea"
                    + " WHERE id = ?", id, null, () -> resolve(known.phone()));

            assertThat(resolution.customerId()).isEqualTo(id);
            assertThat(resolution.named()).as("the name the other transaction committed while the message waited")
                    .isTrue();
        } finally {
            Db.count(pool, "WITH u AS (UPDATE customer SET name_enc = NULL WHERE id = $1 RETURNING 1)"
                    + " SELECT count(*) FROM u", id);
        }
    }

    @Test
    void aContinuedConversationWaitsForAMergeOfItsProfileAndLandsOnTheGoldenRecord() throws Exception {
        UUID merged = UUID.fromString(Inbound.smsCustomer().customerId());
        UUID golden = UUID.fromString(Inbound.smsCustomer().customerId());
        // a web visitor writing again in the merged profile's conversation, with only a claimed phone
        Identity typed = Identity.claimed(ContactKind.PHONE, Samples.phone());
        try {
            IdentityService.Resolution resolution = whileLocked(
                    "UPDATE customer SET status = 'MERGED', merged_into = ? WHERE id = ?", golden, merged,
                    () -> resolve(List.of(typed), merged));

            assertThat(resolution.customerId()).as("the golden record").isEqualTo(golden);
            assertThat(resolution.created()).isFalse();
        } finally {
            Db.count(pool, "WITH u AS (UPDATE customer SET status = 'ACTIVE', merged_into = NULL WHERE id = $1"
                    + " RETURNING 1) SELECT count(*) FROM u", merged);
        }
    }

    /**
     * What {@code resolve} answers when it starts while another transaction holds a profile's row, locked by {@code
     * lock} (its values {@code first} and, if not null, {@code second}); checked to wait for that lock (the server
     * shows its statement waiting) until that one commits.
     */
    private IdentityService.Resolution whileLocked(String lock, UUID first, UUID second,
            Supplier<IdentityService.Resolution> resolve) throws Exception {
        try (Connection other = Db.jdbc()) {
            other.setAutoCommit(false);
            try (PreparedStatement statement = other.prepareStatement(lock)) {
                statement.setObject(1, first);
                if (second != null) {
                    statement.setObject(2, second);
                }
                statement.execute();
            }
            CompletableFuture<IdentityService.Resolution> message = CompletableFuture.supplyAsync(resolve);
            assertThat(Db.lockWaits(pool, "%found_and_locked(%", message))
                    .as("the message's statement waits for the other transaction's lock").isPositive();
            assertThat(message).isNotDone();
            other.commit();
            return message.get(10, TimeUnit.SECONDS);
        }
    }

    /** Resolves an SMS from {@code phone}, vouched for by the carrier, in a transaction of its own. */
    private IdentityService.Resolution resolve(String phone) {
        return resolve(List.of(Identity.claimed(ContactKind.PHONE, phone).vouched(Proof.CARRIER, null)), null);
    }

    /** Resolves a message with these identities, continuing {@code threadOwner}'s conversation if not null. */
    private IdentityService.Resolution resolve(List<Identity> identities, UUID threadOwner) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> {
                        IdentityQuestion question = this.identities.question(identities);
                        return contactPoints.lookup(question, threadOwner)
                                .chain(lookup -> this.identities.resolve("sms", question, lookup, null, threadOwner));
                    }));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
