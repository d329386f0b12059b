package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactPointRepository;
import io.omnihub.customer.Identity;
import io.omnihub.customer.IdentityQuestion;
import io.omnihub.customer.IdentityService;
import io.omnihub.customer.Proof;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One message at a time per channel thread: the thread's lock and the read of its newest request are one statement
 * ({@code locked_thread_head}), and the read must still see what the lock's previous holder committed while this one
 * waited. Declared STABLE, the function read with the snapshot taken before the wait, and the first messages of one
 * thread arriving together opened several requests. The intake's identity lookup, read by the same statement after
 * the lock ({@code found_and_locked}, whose statement takes a snapshot of its own), must see it too: read in the
 * calling statement, whose snapshot is taken before the wait, it missed a contact's trust raised meanwhile, and locked
 * no profile (checked by reading the contacts there).
 */
@QuarkusTest
class ThreadLockTest {

    private static final int MESSAGES = 20;

    @Inject
    Pool pool;

    @Inject
    RequestService requests;
    @Inject
    IdentityService identities;
    @Inject
    PersonalDataCipher cipher;

    @Test
    void theIdentityLookupAfterTheLockSeesWhatTheLocksPreviousHolderCommittedWhileItWaited() throws Exception {
        Inbound.SmsCustomer known = Inbound.smsCustomer(); // its phone vouched for by the carrier
        UUID id = UUID.fromString(known.customerId());
        String thread = "web-" + Samples.unique();
        byte[] threadHash = RequestService.threadHash(cipher, "web", thread);
        Db.count(pool, "WITH u AS (UPDATE contact_point SET trust = 'CLAIMED' WHERE customer_id = $1 RETURNING 1)"
                + " SELECT count(*) FROM u", id);
        try (Connection other = Db.jdbc()) {
            // the lock's previous holder: it holds the thread, and raises the contact's trust again
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
                    PreparedStatement raise = other.prepareStatement(
                            "UPDATE contact_point SET trust = 'VOUCHED' WHERE customer_id = ?")) {
                lock.setString(1, "thread|web|" + HexFormat.of().formatHex(threadHash));
                lock.execute();
                raise.setObject(1, id);
                raise.execute();
            }
            IdentityQuestion question = identities.question(
                    List.of(Identity.claimed(ContactKind.PHONE, known.phone()).vouched(Proof.CARRIER, null)));
            CompletableFuture<ThreadHead.Locked<ContactPointRepository.Lookup>> message = CompletableFuture
                    .supplyAsync(() -> locked(thread, question));
            assertThat(Db.lockWaits(pool, "%locked_thread_head(%", message)).as("the message waits for the thread")
                    .isPositive();
            other.commit();

            ThreadHead.Locked<ContactPointRepository.Lookup> locked = message.get(10, TimeUnit.SECONDS);
            assertThat(locked.head().owner()).as("a new thread").isNull();
            assertThat(locked.read().lockedId()).as("the profile the trusted contact proves, locked").isEqualTo(id);
        }
    }

    private ThreadHead.Locked<ContactPointRepository.Lookup> locked(String thread, IdentityQuestion question) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> requests.lockThread("web", thread, question.read())));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twentyMessagesOnOneNewThreadAtOnceOpenOneRequestWithAllOfThem() throws Exception {
        ObjectNode first = Inbound.webMessage();
        ExecutorService threads = Executors.newFixedThreadPool(MESSAGES);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                ObjectNode message = first.deepCopy().put("externalId", "web-" + Samples.unique());
                posts.add(() -> Inbound.submit(message));
            }
            List<Integer> statuses = new ArrayList<>();
            List<String> requests = new ArrayList<>();
            for (Future<Response> answer : threads.invokeAll(posts)) {
                Response response = answer.get();
                statuses.add(response.statusCode());
                requests.add(response.path("requestId"));
            }
            assertThat(requests.stream().distinct()).as("requests opened").hasSize(1);
            assertThat(statuses).as("one new request, the others appended").containsOnlyOnce(201)
                    .containsOnly(201, 200);
            assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid", requests.get(0)))
                    .isEqualTo(MESSAGES);
        } finally {
            threads.shutdownNow();
        }
    }
}
