package io.omnihub.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.MovableClock;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Verification by a one-time code sent to the claimed contact itself (SMS to a phone), given back where the claim was
 * made: typed into the chatbot, or through the web adapter.
 */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
class VerificationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MovableClock clock;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A bot user who typed a phone: the profile, the conversation, the claimed contact. */
    record Claim(String customerId, String requestId, String contactId, String userId, String conversationId,
            String phone) {
    }

    static Claim chatClaim(String phone) {
        String user = "tg-" + Samples.unique();
        String conversation = "conv-" + Samples.unique();
        Response r = Fixtures.sendChat(Fixtures.chat(user, conversation, phone, "My number is " + phone));
        assertThat(r.statusCode()).as("precondition: the chat message is accepted: %s", r.asString()).isEqualTo(200);
        String customer = r.path("customerId");
        return new Claim(customer, r.path("requestId"), Fixtures.contactId(customer, "phone", phone), user,
                conversation, phone);
    }

    /** A web conversation whose adapter vouches for nothing: the phone is claimed. */
    record WebClaim(String key, String requestId, String phone) {
    }

    static WebClaim webClaim() {
        String key = Fixtures.claimingWebKey();
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone);
        String request = Inbound.submitAs(key, web).then().statusCode(201).extract().path("requestId");
        return new WebClaim(key, request, phone);
    }

    static Response startOnWeb(WebClaim w) {
        return given().contentType(ContentType.JSON).header("X-Omnihub-Key", w.key())
                .body(Map.of("requestId", w.requestId(), "kind", "phone", "value", w.phone()))
                .post("/api/v1/verifications");
    }

    /** The code sent to this phone by SMS, read from the SMS adapter's topic. */
    static String codeSentTo(KafkaTopic sms, String phone) {
        KafkaTopic.Record record = sms.await(r -> isCodeFor(r, phone), 1, WAIT).get(0);
        return Fixtures.code(JsonPath.from(record.value()).getString("text"));
    }

    static boolean isCodeFor(KafkaTopic.Record r, String phone) {
        JsonPath p = JsonPath.from(r.value());
        return "VERIFICATION".equals(p.getString("purpose")) && phone.equals(p.getString("to.value"));
    }

    @Test
    void anOperatorStartsAVerificationThroughTheApi() {
        Claim claim = chatClaim(Samples.phone());
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Response started = Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId());
            assertThat(started.statusCode()).as("POST /api/v1/customers/{id}/contacts/{contactId}/verifications: %s",
                    started.asString()).isEqualTo(201);
            assertThat(started.<String> path("kind")).as("kind").isEqualTo("phone");
            assertThat(started.<String> path("sentOn")).as("a phone's code goes by SMS").isEqualTo("sms");
            assertThat(started.<String> path("expiresAt")).as("the code's expiry").isNotBlank();
            assertThat(codeSentTo(sms, claim.phone())).as("the code went to the phone").hasSize(6);
        }
    }

    @Test
    void theCodeGoesOnlyToTheClaimedPhoneBySmsAndNeverToTheChatWhereTheClaimWasMade() {
        Claim claim = chatClaim(Samples.phone());
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms");
                KafkaTopic chatbot = new KafkaTopic("omnihub.replies.chatbot")) {
            Response started = Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId());
            assertThat(started.statusCode()).as("the operator sends a code: %s", started.asString()).isEqualTo(201);

            KafkaTopic.Record record = sms.await(r -> isCodeFor(r, claim.phone()), 1, WAIT).get(0);
            JsonPath payload = JsonPath.from(record.value());
            String code = Fixtures.code(payload.getString("text"));
            assertThat(payload.getString("to.kind")).as("addressed to the phone itself").isEqualTo("phone");
            assertThat(payload.getString("requestId")).as("given back in the chat").isEqualTo(claim.requestId());

            List<KafkaTopic.Record> toChat = chatbot.over(r -> {
                JsonPath p = JsonPath.from(r.value());
                return claim.requestId().equals(p.getString("requestId"))
                        && ("VERIFICATION".equals(p.getString("purpose")) || r.value().contains(code));
            }, Duration.ofSeconds(3));
            assertThat(toChat).as("no verification code on the chatbot topic").isEmpty();
            assertThat(BotPlatformStub.received()).as("no push to the bot platform carries the code")
                    .noneMatch(p -> p.body().contains(claim.conversationId()) && p.body().contains(code));
            assertThat(sms.seen()).as("exactly one code for this phone").filteredOn(r -> isCodeFor(r, claim.phone()))
                    .hasSize(1);
        }
    }

    @Test
    void aCodeIsAcceptedOnceAndAReplayIsRefused() {
        WebClaim w = webClaim();
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Response started = startOnWeb(w);
            assertThat(started.statusCode()).as("the web adapter starts a verification: %s", started.asString())
                    .isEqualTo(201);
            String id = started.path("verificationId");
            String code = codeSentTo(sms, w.phone());

            Response first = Fixtures.submitCode(w.key(), id, code);
            assertThat(first.statusCode()).as("the right code: %s", first.asString()).isEqualTo(200);
            assertThat(first.<String> path("status")).as("status").isEqualTo("VERIFIED");
            String customer = first.path("customerId");
            assertThat(Fixtures.trust(customer, "phone", w.phone())).as("the phone is verified by code")
                    .isEqualTo("VERIFIED/CODE/ACTIVE");

            Response replay = Fixtures.submitCode(w.key(), id, code);
            assertThat(replay.statusCode()).as("the same code again: %s", replay.asString()).isEqualTo(409);
            assertThat(replay.contentType()).as("a problem document").startsWith("application/problem+json");
        }
    }

    @Test
    void aCodeIsTakenOnlyOnTheChannelItsRequestCameInOn() {
        Claim claim = chatClaim(Samples.phone());
        String code;
        String id;
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Response started = Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId());
            assertThat(started.statusCode()).as("an operator starts a verification: %s", started.asString())
                    .isEqualTo(201);
            id = started.path("verificationId");
            code = codeSentTo(sms, claim.phone());
        }

        Response elsewhere = Fixtures.submitCode(Fixtures.claimingWebKey(), id, code);
        assertThat(elsewhere.statusCode()).as("the right code from a web adapter, for a chat: %s",
                elsewhere.asString()).isEqualTo(404);
        assertThat(elsewhere.contentType()).as("a problem document").startsWith("application/problem+json");
        assertThat(Fixtures.trust(claim.customerId(), "phone", claim.phone())).as("nothing verified")
                .isEqualTo("CLAIMED/null/ACTIVE");

        Response typed = Fixtures.sendChat(Fixtures.chat(claim.userId(), claim.conversationId(), null, code));
        assertThat(typed.statusCode()).as("then typed in the chat, where it was asked: %s", typed.asString())
                .isEqualTo(200);
        assertThat(Fixtures.trust(claim.customerId(), "phone", claim.phone())).as("the phone is verified")
                .startsWith("VERIFIED/");
    }

    @Test
    void aWrongCodeIsRefusedWithTriesLeftAndFiveWrongOnesCloseTheVerification() {
        WebClaim w = webClaim();
        String id;
        String code;
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            id = startOnWeb(w).then().statusCode(201).extract().path("verificationId");
            code = codeSentTo(sms, w.phone());
        }
        String customer = given().get("/api/v1/requests/" + w.requestId()).then().statusCode(200).extract()
                .path("customerId");
        List<Response> wrong = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wrong.add(Fixtures.submitCode(w.key(), id, Fixtures.wrong(code, i)));
        }
        long failedAfterFive = Db.count(pool, "SELECT count(*) FROM verification WHERE id = $1 AND status = 'FAILED'"
                + " AND attempts = 5", UUID.fromString(id));
        Response right = Fixtures.submitCode(w.key(), id, code);
        String trustAfter = Fixtures.trust(customer, "phone", w.phone());

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(wrong.get(0).statusCode()).as("a wrong code: %s", wrong.get(0).asString())
                    .isEqualTo(422);
            soft.assertThat(wrong.get(0).getContentType()).as("a problem document")
                    .startsWith("application/problem+json");
            soft.assertThat(wrong.get(0).asString()).as("the answer says how many tries are left")
                    .contains("tries left: 4");
            soft.assertThat(wrong.stream().map(Response::statusCode).toList()).as("five wrong codes")
                    .containsOnly(422);
            soft.assertThat(failedAfterFive).as("five wrong codes fail the verification (status FAILED, 5 attempts)")
                    .isEqualTo(1);
            soft.assertThat(right.statusCode()).as("the right code after five wrong ones must be refused: %s",
                    right.asString()).isIn(409, 422);
            soft.assertThat(trustAfter).as("the phone stays claimed after a brute force")
                    .isEqualTo("CLAIMED/null/ACTIVE");
        });
    }

    @Test
    void aWrongCodeTypedInAChatIsCountedAndHidden() {
        Claim claim = chatClaim(Samples.phone());
        String code;
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId()).then()
                    .statusCode(201);
            code = codeSentTo(sms, claim.phone());
        }
        String wrong = Fixtures.wrong(code, 0);
        Response typed = Fixtures.sendChat(Fixtures.chat(claim.userId(), claim.conversationId(), null, wrong));
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(typed.statusCode()).as("the customer's message is accepted: %s", typed.asString())
                    .isEqualTo(200);
            soft.assertThat(Db.count(pool, "SELECT count(*) FROM verification WHERE request_id = $1"
                    + " AND status = 'PENDING' AND attempts = 1", UUID.fromString(claim.requestId())))
                    .as("the wrong code counts as a try").isEqualTo(1);
            soft.assertThat(Fixtures.texts(claim.requestId())).as("the wrong code is hidden too")
                    .contains("[verification code]").doesNotContain(wrong);
            soft.assertThat(Fixtures.trust(claim.customerId(), "phone", claim.phone())).as("nothing verified")
                    .isEqualTo("CLAIMED/null/ACTIVE");
        });
    }

    @Test
    void anExpiredCodeIsRefusedWith410() {
        WebClaim w = webClaim();
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            String id = startOnWeb(w).then().statusCode(201).extract().path("verificationId");
            String code = codeSentTo(sms, w.phone());

            clock.advance(Duration.ofMinutes(11));
            Response late = Fixtures.submitCode(w.key(), id, code);
            assertThat(late.statusCode()).as("the right code eleven minutes later: %s", late.asString())
                    .isEqualTo(410);
            assertThat(late.contentType()).as("a problem document").startsWith("application/problem+json");
            assertThat(Db.count(pool, "SELECT count(*) FROM verification WHERE id = $1 AND status = 'EXPIRED'",
                    UUID.fromString(id))).as("the verification is closed as EXPIRED").isEqualTo(1);
        }
    }

    @Test
    void aContactGetsAtMostThreeCodesAnHourWhoeverAsks() {
        WebClaim w = webClaim();
        for (int i = 1; i <= 3; i++) {
            Response started = startOnWeb(w);
            assertThat(started.statusCode()).as("code #%d within the hour: %s", i, started.asString()).isEqualTo(201);
        }
        Response fourth = startOnWeb(w);
        assertThat(fourth.statusCode()).as("the fourth code within the hour: %s", fourth.asString()).isEqualTo(429);
        assertThat(fourth.contentType()).as("a problem document").startsWith("application/problem+json");
        assertThat(fourth.header("Retry-After")).as("429 says when to try again").isNotBlank();

        // another customer typing the same phone on another site: the limit is the phone's, not the profile's
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", w.phone());
        String key = Fixtures.claimingWebKey();
        String request = Inbound.submitAs(key, web).then().statusCode(201).extract().path("requestId");
        Response other = startOnWeb(new WebClaim(key, request, w.phone()));
        assertThat(other.statusCode()).as("another profile claiming the same phone shares its limit: %s",
                other.asString()).isEqualTo(429);
    }

    @Test
    void aCodeTypedInAChatAnOperatorTookOverIsConsumedAndHidden() {
        Claim claim = chatClaim(Samples.phone());
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId()).then()
                    .statusCode(201);
            String code = codeSentTo(sms, claim.phone());
            assertThat(Replies.reply(claim.requestId(), "An operator here: please type the code you got by SMS.")
                    .statusCode()).as("precondition: an operator answers in the conversation").isEqualTo(201);

            ObjectNode typedCode = Fixtures.chat(claim.userId(), claim.conversationId(), null, code);
            Response typed = Fixtures.sendChat(typedCode);
            // a bot platform retries what was not answered 200: as it would (a new signature, the same event)
            Response retried = typed.statusCode() == 200 ? typed : Fixtures.sendChat(typedCode);
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(typed.statusCode()).as("the code typed into the chat is accepted: %s",
                        typed.asString()).isEqualTo(200);
                soft.assertThat(retried.<String> path("requestId")).as("it lands in the same conversation")
                        .isEqualTo(claim.requestId());
                soft.assertThat(Fixtures.trust(claim.customerId(), "phone", claim.phone()))
                        .as("the phone is verified by the code typed in the chat").isEqualTo("VERIFIED/CODE/ACTIVE");
                soft.assertThat(Fixtures.texts(claim.requestId())).as("the stored chat message hides the code")
                        .contains("[verification code]").doesNotContain(code);
            });
        }
    }

    @Test
    void aLateCodeTypedInAChatIsRefusedButStillHidden() {
        Claim claim = chatClaim(Samples.phone());
        String code;
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId()).then()
                    .statusCode(201);
            code = codeSentTo(sms, claim.phone());
        }
        clock.advance(Duration.ofMinutes(11));
        // the bot platform signs with its own clock, which agrees with Omnihub's
        Response typed = io.omnihub.support.Webhooks.chatbot(Fixtures.chat(claim.userId(), claim.conversationId(),
                null, code).toString(), clock.instant().getEpochSecond(), io.omnihub.support.Webhooks.BOT_SECRET);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(typed.statusCode()).as("the customer's late message is accepted: %s", typed.asString())
                    .isEqualTo(200);
            soft.assertThat(Fixtures.trust(claim.customerId(), "phone", claim.phone()))
                    .as("a late code verifies nothing").isEqualTo("CLAIMED/null/ACTIVE");
            soft.assertThat(Fixtures.texts(claim.requestId())).as("the late code is hidden all the same")
                    .contains("[verification code]").doesNotContain(code);
            soft.assertThat(Db.count(pool, "SELECT count(*) FROM verification WHERE request_id = $1"
                    + " AND status = 'EXPIRED'", UUID.fromString(claim.requestId())))
                    .as("the verification is closed as EXPIRED").isEqualTo(1);
        });
    }

    @Test
    void verifyingAPhoneAnotherProfileHoldsVouchedMergesTheTwo() {
        String phone = Samples.phone();
        String smsProfile = Fixtures.smsCustomer(phone, "My SMS question " + Samples.unique());
        Claim claim = chatClaim(phone);
        assertThat(claim.customerId()).as("precondition: the claim alone did not join her profile")
                .isNotEqualTo(smsProfile);
        try (KafkaTopic sms = new KafkaTopic("omnihub.replies.sms")) {
            Fixtures.startVerification(claim.customerId(), claim.contactId(), claim.requestId()).then()
                    .statusCode(201);
            String code = codeSentTo(sms, phone);
            Response typed = Fixtures.sendChat(Fixtures.chat(claim.userId(), claim.conversationId(), null, code));
            assertThat(typed.statusCode()).as("the code typed into the chat is accepted: %s", typed.asString())
                    .isEqualTo(200);
        }

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(Fixtures.customer(claim.customerId())
                .getString("status")).as("the bot user's profile is merged").isEqualTo("MERGED"));
        JsonPath merged = Fixtures.customer(claim.customerId());
        assertThat(merged.getString("mergedInto")).as("into the older, carrier-vouched profile").isEqualTo(smsProfile);
        JsonPath survivor = Fixtures.customer(smsProfile);
        assertThat(survivor.getList("contactPoints.findAll { it.kind == 'phone' }.value", String.class))
                .as("the phone is held once by the golden record").containsExactly(phone);
        assertThat(Fixtures.trust(smsProfile, "phone", phone)).as("the phone is trusted (vouched or verified)")
                .matches("(VOUCHED|VERIFIED)/.*/ACTIVE");
        assertThat(survivor.getList("contactPoints.kind", String.class)).as("the bot user came along")
                .contains("bot_user");
        List<Map<String, Object>> merges = given().get("/api/v1/customers/" + smsProfile + "/merges").then()
                .statusCode(200).extract().jsonPath().getList("");
        assertThat(merges).as("one merge, on trusted identifiers").singleElement()
                .satisfies(m -> assertThat(m).containsEntry("mergedId", claim.customerId())
                        .containsEntry("basis", "TRUSTED"));
        assertThat(Db.count(pool, "SELECT count(*) FROM verification WHERE request_id = $1 AND status = 'VERIFIED'",
                UUID.fromString(claim.requestId()))).as("the verification is VERIFIED").isEqualTo(1);
    }
}
