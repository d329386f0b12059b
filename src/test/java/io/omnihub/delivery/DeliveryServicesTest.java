package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.channel.ContactKind;
import io.omnihub.consent.PolicyService;
import io.omnihub.customer.Identity;
import io.omnihub.intake.InboundEnvelope;
import io.omnihub.intake.IntakeResult;
import io.omnihub.intake.IntakeService;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.RequestRepository;
import io.omnihub.request.Turn;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RoutingRequest;
import io.omnihub.security.Caller;
import io.omnihub.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;

/**
 * Receipts and routing inputs at the service layer, on the real database and Kafka: a web message comes in through
 * intake, an operator replies, the relay publishes it, and receipts and the routing facts are checked on the
 * services themselves.
 */
@QuarkusTest
class DeliveryServicesTest {

    @Inject
    IntakeService intake;
    @Inject
    ReplyService replies;
    @Inject
    Receipts receipts;
    @Inject
    RoutingInputs inputs;
    @Inject
    PolicyService policies;
    @Inject
    RequestRepository requests;

    @Test
    @RunOnVertxContext
    void receiptsMoveAReplyForwardOnlyForItsChannelAndItsRecordedAttempt(UniAsserter asserter) {
        asserter.execute(() -> webMessageAnswered(asserter));
        asserter.execute(() -> dispatched(id(asserter)));

        asserter.assertEquals(() -> receipts.byMessage(id(asserter), "web", ReplyStatus.SENT, null, 1), "SENT");
        // never backwards
        asserter.assertEquals(() -> receipts.byMessage(id(asserter), "web", ReplyStatus.QUEUED, null, 1), "SENT");
        // an attempt the relay has not recorded yet: retried later, nothing changes
        asserter.assertFailedWith(() -> receipts.byMessage(id(asserter), "web", ReplyStatus.DELIVERED, null, 2),
                Receipts.NotYetRecorded.class);
        // another channel's receipt for it: not found
        asserter.assertFailedWith(() -> receipts.byMessage(id(asserter), "sms", ReplyStatus.DELIVERED, null, 1),
                e -> assertThat(((ProblemException) e).status()).isEqualTo(404));
        asserter.assertEquals(() -> receipts.byMessage(id(asserter), "web", ReplyStatus.DELIVERED, null, 1),
                "DELIVERED");
        asserter.assertThat(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.find(Reply.class, id(asserter)))), reply -> {
                    assertThat(reply.status).isEqualTo(ReplyStatus.DELIVERED);
                    assertThat(reply.attempts).isEqualTo(1);
                    assertThat(reply.failedChannels).isEmpty();
                });
    }

    @Test
    @RunOnVertxContext
    void routingInputsCountTheCustomersRepliesButNotTheOneBeingChecked(UniAsserter asserter) {
        asserter.execute(() -> webMessageAnswered(asserter));
        asserter.assertThat(() -> routingRequest(asserter, Purpose.MARKETING, false), request -> {
            assertThat(request.originChannel()).isEqualTo("web");
            assertThat(request.purpose()).isEqualTo(Purpose.MARKETING);
            assertThat(request.addressable()).contains("web");
            assertThat(request.lastInboundAt()).containsKey("web");
            assertThat(request.recentOutbound()).as("the reply counts against the frequency cap").isEqualTo(1);
            assertThat(request.frequencyCap()).isEqualTo(20);
            assertThat(request.excluded()).containsExactly("sms");
        });
        asserter.assertThat(() -> routingRequest(asserter, Purpose.MARKETING, true),
                request -> assertThat(request.recentOutbound()).as("the reply being checked again").isZero());
    }

    @Test
    @RunOnVertxContext
    void aPurposeTheCapDoesNotHoldBackDoesNotCountTheRepliesSent(UniAsserter asserter) {
        asserter.execute(() -> webMessageAnswered(asserter));
        asserter.assertThat(() -> routingRequest(asserter, Purpose.SERVICE, false), request -> {
            assertThat(request.frequencyCap()).isEqualTo(RoutingRequest.UNCAPPED);
            assertThat(request.recentOutbound()).as("not read for a live conversation's reply").isZero();
            assertThat(request.lastInboundAt()).containsKey("web");
        });
    }

    /** A web message through intake, answered by an operator; its request and reply are kept as data. */
    private Uni<Void> webMessageAnswered(UniAsserter asserter) {
        String unique = UUID.randomUUID().toString();
        InboundEnvelope envelope = new InboundEnvelope("web", "uni-" + unique, "session-" + unique,
                List.of(Identity.claimed(ContactKind.WEB_VISITOR, "visitor-" + unique)), null, "Parcel", null,
                List.of(new Turn(Message.Author.CUSTOMER, null, "Where is my parcel?", Instant.now(), "uni-" + unique,
                        null)),
                "uni|" + unique, "support", null, false, io.omnihub.request.Handling.PEOPLE);
        return intake.accept(envelope).invoke(r -> asserter.putData("intake", r))
                .chain(r -> replies.reply(r.requestId(), "It left the depot today", Purpose.SERVICE,
                        new Caller("operator-uni", Set.of(Roles.OPERATOR), Set.of("*"), null, null, null, Set.of()),
                        false))
                .invoke(reply -> asserter.putData("reply", reply.messageId()))
                .replaceWithVoid();
    }

    private static UUID id(UniAsserter asserter) {
        return (UUID) asserter.getData("reply");
    }

    /** Once the relay has published the reply's first attempt and recorded it. */
    private Uni<Void> dispatched(UUID reply) {
        return Uni.createFrom().deferred(() -> receipts.awaitingDelivery(reply, "web", 1))
                .invoke(yes -> {
                    if (!yes) {
                        throw new IllegalStateException("not dispatched yet");
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofMillis(500)).atMost(60)
                .replaceWithVoid();
    }

    private Uni<RoutingRequest> routingRequest(UniAsserter asserter, Purpose purpose, boolean checkingTheReply) {
        IntakeResult intook = (IntakeResult) asserter.getData("intake");
        return Panache.withSession(() -> Panache.getSession().chain(s -> requests.facts(intook.requestId())
                .chain(r -> Uni.createFrom().item(policies.uncached(r.customerId())).chain(policy -> (checkingTheReply
                        ? s.find(Reply.class, id(asserter))
                        : Uni.createFrom().<Reply> nullItem())
                        .chain(dispatching -> inputs.gather(r, purpose, 20, policy, Set.of("sms"),
                                dispatching))))));
    }
}
