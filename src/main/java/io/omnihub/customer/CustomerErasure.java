package io.omnihub.customer;

import static io.omnihub.platform.ErasureContribution.Statement.counted;
import static io.omnihub.platform.ErasureContribution.Statement.of;
import static java.util.Map.entry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.omnihub.platform.Json;
import io.smallrye.mutiny.Uni;

/** The customer feature's part of an erasure: keys, contact points and open duplicate pairs go; a tombstone stays. */
@ApplicationScoped
class CustomerErasure implements ErasureContribution {

    private final Json json;

    CustomerErasure(Json json) {
        this.json = json;
    }

    @Override
    public Map<String, Table> tables() {
        return Map.ofEntries(
                entry("customer", Table.personal("the name is shredded; the row stays as an ERASED tombstone")),
                entry("customer_key", Table.personal("deleted, so whatever was sealed with the key cannot be"
                        + " opened")),
                entry("contact_point", Table.personal("deleted")),
                entry("customer_name_token", Table.personal("deleted: keyed hashes of the name's words")),
                entry("suspected_duplicate", Table.personal("open pairs deleted (they cannot be decided any more);"
                        + " decided ones keep two ids and the identifier kinds that matched, like the merge log")),
                entry("merge_log", Table.none("ids, reasons and actors only: kept, so merges stay accountable")));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.log(s, subject, json, "SELECT created_at AS at, actor, 'customer.merged' AS action,"
                + " 'customer' AS subject FROM merge_log WHERE merged_id IN (?1) OR survivor_id IN (?1)")
                .chain(log -> ErasureContribution.run(s, subject,
                        counted("dataKeys", "DELETE FROM customer_key WHERE customer_id IN (?1)"),
                        counted("contactPoints", "DELETE FROM contact_point WHERE customer_id IN (?1)"),
                        of("DELETE FROM customer_name_token WHERE customer_id IN (?1)"),
                        of("DELETE FROM suspected_duplicate WHERE status = 'OPEN'"
                                + " AND (customer_a IN (?1) OR customer_b IN (?1))"),
                        // consent and preferences went too: the policy version moves on, so no cached policy serves
                        of("UPDATE customer SET name_enc = NULL, status = 'ERASED', erased_at = ?2, updated_at = ?2,"
                                + " version = version + 1, policy_version = policy_version + 1 WHERE id IN (?1)"))
                        .map(counts -> new Erased(counts, log)));
    }
}
