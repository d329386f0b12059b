package io.omnihub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.channel.ContactKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Identity resolution at the service layer, on the real database: a contact someone only claims never reaches the
 * profile that holds it trusted, and the trusted holder is found first.
 */
@QuarkusTest
class IdentityServiceTest {

    @Inject
    IdentityService identities;
    @Inject
    ContactPointRepository contactPoints;

    @Test
    @RunOnVertxContext
    void aClaimOfAnotherProfilesTrustedContactStartsAProfileOfItsOwn(UniAsserter asserter) {
        String email = "uni-" + UUID.randomUUID() + "@example.com";
        Identity claimed = Identity.claimed(ContactKind.EMAIL, email);
        Identity vouched = claimed.vouched(Proof.CREDENTIAL, null);

        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("app", List.of(vouched), null,
                null)), owner -> {
                    assertThat(owner.created()).isTrue();
                    asserter.putData("owner", owner.customerId());
                });
        // the same address typed into a chatbot: a new profile, not the owner's
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("chatbot", List.of(claimed), null,
                null)), stranger -> {
                    assertThat(stranger.created()).isTrue();
                    assertThat(stranger.customerId()).isNotEqualTo(asserter.getData("owner"));
                    assertThat(stranger.mergedCustomerIds()).isEmpty();
                });
        // vouched again (the app signed its user in): the owner, still one profile
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("web", List.of(vouched), null,
                null)), again -> {
                    assertThat(again.created()).isFalse();
                    assertThat(again.customerId()).isEqualTo(asserter.getData("owner"));
                });
        // looked up by the value alone, the trusted holder comes before the one who merely claims it
        asserter.assertThat(() -> Panache.withSession(() -> identities.find(claimed)),
                found -> assertThat(found).isEqualTo(asserter.getData("owner")));
    }

    /**
     * A new profile whose claims meet other profiles is written with its suspected pairs by its one statement; the old
     * code wrote each pair with a statement of its own, three statements for this profile.
     */
    @Test
    @RunOnVertxContext
    void aNewProfileIsWrittenWithItsSuspectedPairsInItsOneStatement(UniAsserter asserter) {
        Identity email = Identity.claimed(ContactKind.EMAIL, "pair-" + UUID.randomUUID() + "@example.com");
        Identity phone = Identity.claimed(ContactKind.PHONE, io.omnihub.support.Samples.phone());
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("app",
                List.of(email.vouched(Proof.CREDENTIAL, null)), null, null)),
                owner -> asserter.putData("emailOwner", owner.customerId()));
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms",
                List.of(phone.vouched(Proof.CARRIER, null)), null, null)),
                owner -> asserter.putData("phoneOwner", owner.customerId()));
        asserter.assertThat(() -> count(PAIR_WRITES), before -> asserter.putData("writes", before));
        // both values typed into a chatbot: a profile of its own, suspected against each owner
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("chatbot", List.of(email, phone),
                null, null)), stranger -> {
                    assertThat(stranger.created()).isTrue();
                    asserter.putData("stranger", stranger.customerId());
                });
        asserter.assertThat(() -> count(PAIR_WRITES), after -> assertThat(after - (Long) asserter.getData("writes"))
                .as("statements writing the new profile and its pairs").isEqualTo(1));
        asserter.assertThat(() -> pool.preparedQuery("SELECT customer_b, status, evidence -> 'matches' -> 0 ->> 'trust',"
                + " evidence -> 'matches' -> 0 ->> 'otherTrust', evidence -> 'matches' -> 0 ->> 'channel',"
                + " jsonb_array_length(evidence -> 'matches'), created_at IS NOT NULL FROM suspected_duplicate"
                + " WHERE customer_a = $1").execute(Tuple.of(asserter.getData("stranger"))).map(rows -> {
                    List<String> pairs = new java.util.ArrayList<>();
                    rows.forEach(r -> pairs.add((r.getUUID(0).equals(asserter.getData("emailOwner")) ? "email owner"
                            : r.getUUID(0).equals(asserter.getData("phoneOwner")) ? "phone owner" : r.getUUID(0))
                            + " " + r.getString(1) + " " + r.getString(2) + "/" + r.getString(3) + " " + r.getString(4)
                            + " " + r.getInteger(5) + " " + r.getBoolean(6)));
                    return pairs;
                }), pairs -> assertThat(pairs).containsExactlyInAnyOrder(
                        "email owner OPEN CLAIMED/VOUCHED chatbot 1 true",
                        "phone owner OPEN CLAIMED/VOUCHED chatbot 1 true"));
    }

    @Test
    @RunOnVertxContext
    void aNewNamedProfileIsWrittenWithItsNameInItsFirstRow(UniAsserter asserter) {
        Identity phone = Identity.claimed(ContactKind.PHONE, io.omnihub.support.Samples.phone())
                .vouched(Proof.CARRIER, null);
        asserter.assertThat(() -> count(NAME_UPDATES), before -> asserter.putData("updates", before));
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms", List.of(phone),
                " Anna Petrova ", null)), created -> {
                    assertThat(created.created()).isTrue();
                    asserter.putData("customer", created.customerId());
                });
        asserter.assertThat(() -> count(NAME_UPDATES), after -> assertThat(after - (Long) asserter.getData("updates"))
                .as("updates writing a new profile's name").isZero());
        asserter.assertThat(() -> pool.preparedQuery("SELECT (SELECT count(*) FROM customer WHERE id = $1"
                + " AND length(name_enc) > 0), (SELECT count(*) FROM customer_name_token WHERE customer_id = $1)")
                .execute(Tuple.of(asserter.getData("customer"))).map(rows -> rows.iterator().next()), row -> {
                    assertThat(row.getLong(0)).as("profile with a sealed name").isEqualTo(1);
                    assertThat(row.getLong(1)).as("name tokens").isEqualTo(2);
                });
    }

    /**
     * A new customer's profile (its row, data key, contacts and name index) is one statement, whatever it brings;
     * entities persisted one by one took six for this one (a row, a key, three contacts, the name's index).
     */
    @Test
    @RunOnVertxContext
    void aNewProfileIsWrittenWholeWithOneStatement(UniAsserter asserter) {
        String phone = io.omnihub.support.Samples.phone();
        String email = "one-" + UUID.randomUUID() + "@example.com";
        String visitor = "visitor-" + UUID.randomUUID();
        List<Identity> brought = List.of(Identity.claimed(ContactKind.PHONE, phone).vouched(Proof.CARRIER, "op-7"),
                Identity.claimed(ContactKind.EMAIL, email), Identity.claimed(ContactKind.WEB_VISITOR, visitor)
                        .vouched(Proof.CREDENTIAL, null));
        asserter.assertThat(() -> count(PROFILE_WRITES), before -> asserter.putData("writes", before));
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("web", brought, "Ivan Sidorov",
                null)), created -> {
                    assertThat(created.created()).isTrue();
                    asserter.putData("customer", created.customerId());
                });
        asserter.assertThat(() -> count(PROFILE_WRITES), after -> assertThat(after - (Long) asserter.getData("writes"))
                .as("statements writing the new profile").isEqualTo(1));
        asserter.assertThat(() -> queries.byId((UUID) asserter.getData("customer")), view -> {
            assertThat(view.name()).isEqualTo("Ivan Sidorov");
            assertThat(view.status()).isEqualTo("ACTIVE");
            assertThat(view.contactPoints()).extracting(c -> c.kind() + " " + c.value() + " " + c.trust() + " "
                    + c.proof() + " " + c.state() + " " + c.sourceChannel()).containsExactlyInAnyOrder(
                            "phone " + phone + " VOUCHED CARRIER ACTIVE web",
                            "email " + email + " CLAIMED null ACTIVE web",
                            "web_visitor " + visitor + " VOUCHED CREDENTIAL ACTIVE web");
        });
        asserter.assertThat(() -> pool.preparedQuery("SELECT (SELECT count(*) FROM customer_key WHERE customer_id = $1),"
                + " (SELECT count(*) FROM customer_name_token WHERE customer_id = $1),"
                + " (SELECT proof_ref FROM contact_point WHERE customer_id = $1 AND kind = 'PHONE'),"
                + " (SELECT count(*) FROM contact_point WHERE customer_id = $1 AND trusted_at IS NOT NULL)")
                .execute(Tuple.of(asserter.getData("customer"))).map(rows -> rows.iterator().next()), row -> {
                    assertThat(row.getLong(0)).as("data key").isEqualTo(1);
                    assertThat(row.getLong(1)).as("name tokens").isEqualTo(2);
                    assertThat(row.getString(2)).as("the phone's proof reference").isEqualTo("op-7");
                    assertThat(row.getLong(3)).as("trusted contacts with their time").isEqualTo(2);
                });
        // found again by what it brought: the same profile
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms", List.of(brought.get(0)),
                null, null)), again -> {
                    assertThat(again.created()).isFalse();
                    assertThat(again.customerId()).isEqualTo(asserter.getData("customer"));
                });
    }

    /** A profile created without a name has none (null), and gets the first name a later message gives. */
    @Test
    @RunOnVertxContext
    void aProfileCreatedWithoutANameTakesTheNextOneGiven(UniAsserter asserter) {
        Identity phone = Identity.claimed(ContactKind.PHONE, io.omnihub.support.Samples.phone())
                .vouched(Proof.CARRIER, null);
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms", List.of(phone), null,
                null)), created -> asserter.putData("customer", created.customerId()));
        asserter.assertThat(() -> pool.preparedQuery("SELECT name_enc IS NULL FROM customer WHERE id = $1")
                .execute(Tuple.of(asserter.getData("customer"))).map(rows -> rows.iterator().next().getBoolean(0)),
                unnamed -> assertThat(unnamed).as("no name: null, not an empty value").isTrue());
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms", List.of(phone), "Olga",
                null)), again -> assertThat(again.created()).isFalse());
        asserter.assertThat(() -> queries.byId((UUID) asserter.getData("customer")),
                view -> assertThat(view.name()).isEqualTo("Olga"));
    }

    /**
     * A known profile's lock tells whether it has a name: a message bringing a name to a named profile reads the
     * profile no further, and the name stays.
     */
    @Test
    @RunOnVertxContext
    void aNamedProfileIsNotReadAgainForTheNameAMessageBrings(UniAsserter asserter) {
        Identity phone = Identity.claimed(ContactKind.PHONE, io.omnihub.support.Samples.phone())
                .vouched(Proof.CARRIER, null);
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("sms", List.of(phone), "Anna",
                null)), created -> asserter.putData("customer", created.customerId()));
        asserter.assertThat(() -> count(PROFILE_LOADS), before -> asserter.putData("loads", before));
        asserter.assertThat(() -> Panache.withTransaction(() -> resolve("web", List.of(phone), "Anna K.",
                null)), again -> {
                    assertThat(again.created()).isFalse();
                    assertThat(again.named()).isTrue();
                    assertThat(again.customerId()).isEqualTo(asserter.getData("customer"));
                });
        asserter.assertThat(() -> count(PROFILE_LOADS), after -> assertThat(after - (Long) asserter.getData("loads"))
                .as("whole profiles read").isZero());
        asserter.assertThat(() -> queries.byId((UUID) asserter.getData("customer")),
                view -> assertThat(view.name()).isEqualTo("Anna"));
    }

    /** Hibernate's read of a whole customer row by id. */
    private static final String PROFILE_LOADS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'select c1_0.id,c1_0.created_at,%from customer c1_0 where c1_0.id=$1%'";

    private static final String PAIR_WRITES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'INSERT INTO suspected_duplicate%' OR query ILIKE 'WITH c AS (INSERT INTO customer%'";
    private static final String PROFILE_WRITES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'insert into customer%' OR query ILIKE 'insert into contact_point%'"
            + " OR query ILIKE 'WITH c AS (INSERT INTO customer%' OR query ILIKE 'WITH wanted AS%customer_name_token%'";

    @Inject
    CustomerQueries queries;

    private static final String NAME_UPDATES = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'update customer set name_enc%'";

    @Inject
    Pool pool;

    /** Resolves a message's identities as the intake does, its lookup run alone given {@code threadOwner}. */
    private Uni<IdentityService.Resolution> resolve(String channel, List<Identity> brought, String name,
            UUID threadOwner) {
        IdentityQuestion question = identities.question(brought);
        return contactPoints.lookup(question, threadOwner)
                .chain(lookup -> identities.resolve(channel, question, lookup, name, threadOwner));
    }

    private Uni<Long> count(String sql) {
        return pool.query(sql).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
