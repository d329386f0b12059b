package io.omnihub.request;

import static io.omnihub.platform.ErasureContribution.Statement.counted;
import static java.util.Map.entry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/**
 * The request feature's part of an erasure: requests and messages are emptied of everything personal and closed; the
 * rows stay, so that aggregate counts do not change.
 */
@ApplicationScoped
class RequestErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.ofEntries(
                entry("request", Table.personal("subject and thread reference wiped, closed; kept for counts")),
                entry("message", Table.personal("bodies, attachments and external ids wiped; kept for counts")),
                entry("request_history", Table.personal("transfer notes wiped; who owned it when is kept")),
                entry("request_note", Table.personal("internal notes' text wiped; kept for counts")),
                entry("request_label", Table.none("the team's own words for a request, no personal data")));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.run(s, subject,
                counted("messages", "UPDATE message SET body_enc = '\\x'::bytea, attachments_enc = NULL,"
                        + " external_id = NULL, version = version + 1"
                        + " WHERE request_id IN (SELECT id FROM request WHERE customer_id IN (?1))"),
                counted("transfer notes", "UPDATE request_history SET note_enc = NULL WHERE note_enc IS NOT NULL"
                        + " AND request_id IN (SELECT id FROM request WHERE customer_id IN (?1))"),
                counted("internal notes", "UPDATE request_note SET body_enc = '\\x'::bytea"
                        + " WHERE request_id IN (SELECT id FROM request WHERE customer_id IN (?1))"),
                counted("requests",
                        "UPDATE request SET subject_enc = NULL, category_enc = NULL, origin_thread_enc = '\\x'::bytea,"
                                + " version = version + 1, origin_thread_hash = gen_random_uuid()::text::bytea,"
                                + " survey_due_at = NULL, status = 'CLOSED' WHERE customer_id IN (?1)"))
                .map(Erased::counted);
    }
}
