package io.omnihub.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.omnihub.support.Db;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A claimed identifier that matches another profile makes a suspected duplicate, never a merge. Supervisors of either
 * profile's teams and privacy officers review it; everybody else gets 404, as for what does not exist.
 */
@QuarkusTest
class SuspectedDuplicatesTest {

    private static String supportSupervisor() {
        return Auth.bearer("sup-support-dups", List.of("supervisor"), List.of("support"));
    }

    private static String frontlineSupervisor() {
        return Auth.bearer("sup-frontline-dups", List.of("supervisor"), List.of("frontline"));
    }

    private static String operator() {
        return Auth.bearer("op-support-dups", List.of("operator"), List.of("support"));
    }

    private static String privacyOfficer() {
        return Auth.bearer("dpo-dups", List.of("privacy-officer"), List.of());
    }

    /** An intake's receipt carrying a suggested pair. */
    private static final String CARRYING_RECEIPTS = "query LIKE '%INSERT INTO suspected_duplicate%'"
            + " AND query LIKE '%INSERT INTO inbound_receipt%'";

    @Inject
    Pool pool;

    /** Her SMS profile, and a bot user who typed her phone. */
    record Pair(String her, String bot, String phone, String userId, String conversationId) {
    }

    static Pair claimedMatch() {
        String phone = Samples.phone();
        String her = Fixtures.smsCustomer(phone, "My SMS question " + Samples.unique());
        String user = "tg-" + Samples.unique();
        String conversation = "conv-" + Samples.unique();
        Response chat = Fixtures.sendChat(Fixtures.chat(user, conversation, phone, "Hi, it's me " + Samples.unique()));
        assertThat(chat.statusCode()).as("precondition: the chat message is accepted").isEqualTo(200);
        String bot = chat.path("customerId");
        assertThat(bot).as("precondition: a claimed phone does not join her profile").isNotEqualTo(her);
        return new Pair(her, bot, phone, user, conversation);
    }

    /** The pair as stored (the source of truth the API is checked against): its id, or null. */
    String storedPair(Pair p, String status) {
        var rows = pool.preparedQuery("SELECT id FROM suspected_duplicate WHERE least(customer_a, customer_b)"
                + " = least($1::uuid, $2::uuid) AND greatest(customer_a, customer_b) = greatest($1::uuid, $2::uuid)"
                + " AND status = $3").execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(p.her()),
                        UUID.fromString(p.bot()), status))
                .await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next().getUUID(0).toString();
    }

    static Response list(String authorization) {
        return given().header("Authorization", authorization).get("/api/v1/duplicates");
    }

    /** The id of the open pair of these two profiles in the caller's queue, null if absent, "HTTP n" if refused. */
    static String pairIn(Response queue, String a, String b) {
        if (queue.statusCode() != 200) {
            return "HTTP " + queue.statusCode();
        }
        List<Map<String, Object>> items = queue.jsonPath().getList("");
        return items.stream().filter(p -> Set.of(a, b).equals(Set.of(p.get("customerA"), p.get("customerB"))))
                .map(p -> (String) p.get("id")).findFirst().orElse(null);
    }

    @Test
    void aClaimedMatchIsAnOpenPairForItsTeamsSupervisorsAndPrivacyOfficersOnly() {
        Pair p = claimedMatch();
        String id = storedPair(p, "OPEN");
        assertThat(id).as("the claimed match is stored as an open suspected duplicate").isNotNull();

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(pairIn(list(supportSupervisor()), p.her(), p.bot()))
                    .as("the support supervisor's queue holds the pair").isEqualTo(id);
            soft.assertThat(pairIn(list(privacyOfficer()), p.her(), p.bot())).as("a privacy officer's queue too")
                    .isEqualTo(id);
            Response one = given().header("Authorization", supportSupervisor()).get("/api/v1/duplicates/" + id);
            soft.assertThat(one.statusCode()).as("the pair by id: %s", one.asString()).isEqualTo(200);
            if (one.statusCode() == 200) {
                soft.assertThat(one.<String> path("status")).as("status").isEqualTo("OPEN");
                soft.assertThat(one.jsonPath().getList("evidence.matches.trust", String.class))
                        .as("the claim is the evidence: %s", one.asString()).contains("CLAIMED");
                soft.assertThat(one.asString()).as("the evidence names kinds and trust levels, never the value")
                        .doesNotContain(p.phone()).doesNotContain(p.phone().substring(1));
            }

            soft.assertThat(Db.count(pool, "SELECT count(*) FROM suspected_duplicate WHERE id = $1"
                    + " AND jsonb_typeof(evidence) = 'object'", UUID.fromString(id)))
                    .as("the evidence is stored as a JSON object (not a JSON string holding one)").isEqualTo(1);

            soft.assertThat(list(operator()).statusCode()).as("an operator's list").isEqualTo(404);
            soft.assertThat(given().header("Authorization", operator()).get("/api/v1/duplicates/" + id).statusCode())
                    .as("an operator asking for the pair by id").isEqualTo(404);
            soft.assertThat(given().header("Authorization", operator()).post("/api/v1/duplicates/" + id + "/merge")
                    .statusCode()).as("an operator merging the pair").isEqualTo(404);

            Response otherTeam = given().header("Authorization", frontlineSupervisor())
                    .get("/api/v1/duplicates/" + id);
            soft.assertThat(otherTeam.statusCode()).as("a supervisor of another team asking for the pair: %s",
                    otherTeam.asString()).isEqualTo(404);
            soft.assertThat(given().header("Authorization", frontlineSupervisor())
                    .post("/api/v1/duplicates/" + id + "/dismiss").statusCode())
                    .as("a supervisor of another team dismissing the pair").isEqualTo(404);
            Response otherQueue = list(frontlineSupervisor());
            soft.assertThat(otherQueue.statusCode()).as("another team's supervisor has a queue").isEqualTo(200);
            soft.assertThat(otherQueue.asString()).as("the pair is not in another team's queue").doesNotContain(id);
        });
        assertThat(storedPair(p, "OPEN")).as("nobody unauthorised changed the pair").isEqualTo(id);
    }

    @Test
    void mergingAPairMergesTheProfilesAsASupervisorsMergeAndUnmergeStillWorks() {
        Pair p = claimedMatch();
        String id = storedPair(p, "OPEN");
        assertThat(id).as("precondition: the pair is stored").isNotNull();

        Response merged = given().header("Authorization", supportSupervisor())
                .post("/api/v1/duplicates/" + id + "/merge");
        assertThat(merged.statusCode()).as("the supervisor merges the pair: %s", merged.asString()).isEqualTo(200);
        assertThat(merged.<String> path("status")).as("the pair's status").isEqualTo("MERGED");
        assertThat(merged.<String> path("decidedBy")).as("who decided").isEqualTo("user:sup-support-dups");
        assertThat(Fixtures.customer(p.bot()).getString("status")).as("the newer profile is merged")
                .isEqualTo("MERGED");
        assertThat(Fixtures.customer(p.bot()).getString("mergedInto")).as("into the older one").isEqualTo(p.her());

        List<Map<String, Object>> log = given().get("/api/v1/customers/" + p.her() + "/merges").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(log).as("the merge log has a supervisor's merge").singleElement()
                .satisfies(m -> assertThat(m).containsEntry("mergedId", p.bot()).containsEntry("basis", "MANUAL")
                        .containsEntry("actor", "user:sup-support-dups"));
        assertThat(merged.<String> path("mergeId")).as("the pair names its merge").isEqualTo(log.get(0).get("id"));
        assertThat(storedPair(p, "MERGED")).as("the stored pair is settled as merged").isEqualTo(id);
        assertThat(Fixtures.customer(p.her()).getList("contactPoints.findAll { it.kind == 'phone' }.trust",
                String.class)).as("her phone stays once, vouched").containsExactly("VOUCHED");

        Response unmerged = given().post("/api/v1/customers/" + p.her() + "/merges/" + log.get(0).get("id")
                + "/unmerge");
        assertThat(unmerged.statusCode()).as("unmerge: %s", unmerged.asString()).isEqualTo(200);
        assertThat(Fixtures.customer(p.bot()).getString("status")).as("the bot user's profile is active again")
                .isEqualTo("ACTIVE");
        assertThat(Fixtures.firstRequest(p.bot(), "chatbot")).as("with its chat").isNotNull();
        assertThat(Fixtures.customer(p.her()).getList("contactPoints.kind", String.class))
                .as("her profile keeps only what was hers").containsExactly("phone");
    }

    @Test
    void aKnownProfilesClaimIsSuggestedByItsIntakesLastStatement() {
        // the counts are the server's: the fewest of three attempts are the intake's own
        long fewestOwn = Long.MAX_VALUE;
        long carried = 0;
        Pair p = null;
        for (int attempt = 0; attempt < 3 && (fewestOwn > 0 || carried == 0); attempt++) {
            String phone = Samples.phone();
            String her = Fixtures.smsCustomer(phone, "My SMS question " + Samples.unique());
            String user = "tg-" + Samples.unique();
            String conversation = "conv-" + Samples.unique();
            String bot = Fixtures.sendChat(Fixtures.chat(user, conversation, null, "Hi " + Samples.unique()))
                    .then().statusCode(200).extract().path("customerId");
            long ownBefore = Db.calls(pool, "query LIKE 'INSERT INTO suspected_duplicate%'");
            long carriedBefore = Db.calls(pool, CARRYING_RECEIPTS);

            Fixtures.sendChat(Fixtures.chat(user, conversation, phone, "My number is " + phone)).then().statusCode(200)
                    .body("customerId", org.hamcrest.Matchers.equalTo(bot));
            fewestOwn = Math.min(fewestOwn, Db.calls(pool, "query LIKE 'INSERT INTO suspected_duplicate%'")
                    - ownBefore);
            carried = Math.max(carried, Db.calls(pool, CARRYING_RECEIPTS) - carriedBefore);
            p = new Pair(her, bot, phone, user, conversation);
        }
        assertThat(fewestOwn).as("statements of their own suggesting the pair").isZero();
        assertThat(carried).as("the receipt's statement suggests it").isPositive();
        assertThat(storedPair(p, "OPEN")).as("the open pair of her profile and the bot user's").isNotNull();
    }

    @Test
    void aDismissedPairIsNotSuggestedAgainWhenTheSameClaimComesAgain() {
        Pair p = claimedMatch();
        String id = storedPair(p, "OPEN");
        assertThat(id).as("precondition: the pair is stored").isNotNull();

        Response dismissed = given().header("Authorization", privacyOfficer())
                .post("/api/v1/duplicates/" + id + "/dismiss");
        assertThat(dismissed.statusCode()).as("a privacy officer dismisses it: %s", dismissed.asString())
                .isEqualTo(200);
        assertThat(dismissed.<String> path("status")).as("the pair's status").isEqualTo("DISMISSED");
        assertThat(given().header("Authorization", privacyOfficer()).post("/api/v1/duplicates/" + id + "/merge")
                .statusCode()).as("a dismissed pair cannot be merged any more").isEqualTo(409);

        Response again = Fixtures.sendChat(Fixtures.chat(p.userId(), p.conversationId(), p.phone(),
                "It's still my number " + Samples.unique()));
        assertThat(again.statusCode()).as("precondition: the same claim comes again").isEqualTo(200);
        assertThat(again.<String> path("customerId")).as("precondition: from the same bot user's profile")
                .isEqualTo(p.bot());

        assertThat(pairIn(list(supportSupervisor()), p.her(), p.bot())).as("not suggested again").isNull();
        assertThat(Db.count(pool, "SELECT count(*) FROM suspected_duplicate WHERE least(customer_a, customer_b)"
                + " = least($1::uuid, $2::uuid) AND greatest(customer_a, customer_b) = greatest($1::uuid, $2::uuid)",
                UUID.fromString(p.her()), UUID.fromString(p.bot()))).as("one row for the pair: the dismissed one")
                .isEqualTo(1);
        assertThat(Fixtures.customer(p.bot()).getString("status")).as("and never merged").isEqualTo("ACTIVE");
    }

    @Test
    void aTeamsPairIsInItsSupervisorsQueueEvenBehindAHundredOlderPairsOfAnotherTeam() {
        // fifteen profiles of the team "frontline" (its own SMS account), and 105 older open pairs among them
        List<UUID> frontline = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Map<String, String> form = io.omnihub.support.Inbound.smsInbound();
            form.put("AccountSid", "ACconsole");
            io.omnihub.support.Webhooks.smsFor("console-sms-token", "/webhooks/sms", form).then().statusCode(200);
            frontline.add(UUID.fromString(given().queryParam("phone", form.get("From")).get("/api/v1/customers")
                    .then().statusCode(200).extract().path("id")));
        }
        List<UUID> inserted = new java.util.ArrayList<>();
        try {
            for (int a = 0; a < frontline.size(); a++) {
                for (int b = a + 1; b < frontline.size(); b++) {
                    UUID id = UUID.randomUUID();
                    pool.preparedQuery("INSERT INTO suspected_duplicate (id, customer_a, customer_b, evidence,"
                            + " created_at) VALUES ($1, $2, $3, '{\"matches\": []}'::jsonb, now() - interval '1 day')")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(id, frontline.get(a), frontline.get(b)))
                            .await().indefinitely();
                    inserted.add(id);
                }
            }
            Pair p = claimedMatch();
            String id = storedPair(p, "OPEN");
            assertThat(id).as("precondition: the support pair is stored").isNotNull();
            assertThat(pairIn(list(supportSupervisor()), p.her(), p.bot()))
                    .as("the support supervisor's queue holds the support pair, however many older pairs other"
                            + " teams have")
                    .isEqualTo(id);
        } finally {
            pool.preparedQuery("DELETE FROM suspected_duplicate WHERE id = ANY($1)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(inserted.toArray(UUID[]::new))).await().indefinitely();
        }
    }
}
