package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A request read by a plain statement ({@link RequestRow}, the thread lock's read of its head) is the request Hibernate
 * loads, field by field, with every column set: a column mapped on the entity and not in the row fails here.
 */
@QuarkusTest
class RequestRowTest {

    @Inject
    RequestRepository requests;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Pool pool;

    @Test
    void theThreadsHeadReadByItsLockIsTheRequestHibernateLoads() throws Throwable {
        UUID id = UUID.fromString(Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract()
                .path("requestId"));
        try (Connection c = Db.jdbc(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE request SET status = 'RESOLVED', category_enc = '\\x01'::bytea,"
                    + " resolved_at = now(), assignee = 'op-row', assigned_at = now() - interval '1 hour',"
                    + " first_response_due = now() + interval '1 hour', resolution_due = now() + interval '1 day',"
                    + " first_response_at = now() - interval '50 minutes',"
                    + " first_response_breached_at = now() - interval '40 minutes',"
                    + " resolution_breached_at = now() - interval '30 minutes',"
                    + " handed_off_at = now() - interval '2 hours', bot_closed_at = now() - interval '20 minutes',"
                    + " survey_due_at = now(), survey_sent_at = now(), csat = 4, csat_at = now(), version = 7"
                    + " WHERE id = '" + id + "'");
        }
        byte[] threadHash = Db.row(pool, "SELECT origin_thread_hash FROM request WHERE id = $1::uuid", id.toString())
                .getBuffer(0).getBytes();

        Request read = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> requests.lockedHeadOfThread("web", threadHash)));
        Request loaded = VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(
                s -> s.find(Request.class, id)));

        List<String> compared = new ArrayList<>();
        for (Field field : Request.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.getName().startsWith("$$_hibernate_")) {
                continue; // Hibernate's enhancer adds fields of its own (and makes the mapped ones private)
            }
            field.setAccessible(true);
            compared.add(field.getName());
            Object expected = field.get(loaded);
            assertThat(expected).as("%s is set, so that the comparison covers it", field.getName()).isNotNull();
            assertThat(Objects.deepEquals(field.get(read), expected))
                    .as("%s: read %s, loaded %s", field.getName(), field.get(read), expected).isTrue();
        }
        assertThat(compared).as("the fields compared").contains("id", "version", "status", "csatAt").hasSize(28);
    }
}
