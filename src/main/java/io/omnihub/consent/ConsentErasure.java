package io.omnihub.consent;

import static io.omnihub.platform.ErasureContribution.Statement.counted;
import static io.omnihub.platform.ErasureContribution.Statement.of;
import static java.util.Map.entry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.omnihub.platform.Json;
import io.smallrye.mutiny.Uni;

/** The consent feature's part of an erasure: the ledger, the current consent and the preferences go. */
@ApplicationScoped
class ConsentErasure implements ErasureContribution {

    private final Json json;

    ConsentErasure(Json json) {
        this.json = json;
    }

    @Override
    public Map<String, Table> tables() {
        return Map.ofEntries(
                entry("consent", Table.personal("deleted")),
                entry("consent_event", Table.personal("deleted; the act's log extract keeps each change's time,"
                        + " actor, channel and purpose")),
                entry("preference", Table.personal("deleted")));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.log(s, subject, json, "SELECT occurred_at AS at, actor, 'consent.' || lower(action)"
                + " || ' ' || channel || '/' || purpose AS action, 'customer' AS subject FROM consent_event"
                + " WHERE customer_id IN (?1)")
                .chain(log -> ErasureContribution.run(s, subject,
                        of("DELETE FROM consent WHERE customer_id IN (?1)"),
                        counted("consentEvents", "DELETE FROM consent_event WHERE customer_id IN (?1)"),
                        of("DELETE FROM preference WHERE customer_id IN (?1)"))
                        .map(counts -> new Erased(counts, log)));
    }
}
