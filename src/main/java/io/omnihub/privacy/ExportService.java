package io.omnihub.privacy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.consent.ConsentService;
import io.omnihub.consent.PreferenceService;
import io.omnihub.customer.CustomerQueries;
import io.omnihub.customer.CustomerRepository;
import io.omnihub.delivery.verification.Verifications;
import io.omnihub.request.RequestQueries;
import io.smallrye.mutiny.Uni;

/**
 * Everything held about a customer, as one JSON document: profile and contact points, every request with its
 * messages (routing decisions included), preferences, consent history with evidence, the merge log, and the contact
 * verifications.
 */
@ApplicationScoped
class ExportService {

    private final CustomerQueries customers;
    private final RequestQueries requests;
    private final ConsentService consents;
    private final PreferenceService preferences;
    private final Clock clock;
    private final CustomerRepository profiles;
    private final Verifications verifications;

    public ExportService(CustomerQueries customers, RequestQueries requests, ConsentService consents,
            PreferenceService preferences, Clock clock, CustomerRepository profiles, Verifications verifications) {
        this.profiles = profiles;
        this.verifications = verifications;
        this.clock = clock;
        this.customers = customers;
        this.requests = requests;
        this.consents = consents;
        this.preferences = preferences;
    }

    public Uni<Map<String, Object>> export(UUID customerId) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "omnihub-export/1");
        document.put("generatedAt", clock.instant().toString());
        return customers.byId(customerId).invoke(c -> document.put("profile", c))
                .chain(() -> requests.timeline(customerId, null)).invoke(t -> {
                    document.put("requests", t.requests());
                    document.put("messages", t.messages());
                })
                .chain(() -> preferences.get(customerId)).invoke(p -> document.put("preferences", p))
                .chain(() -> consents.ledger(customerId, null)).invoke(l -> document.put("consent", l))
                .chain(() -> customers.merges(customerId)).invoke(m -> document.put("merges", m))
                .chain(() -> profiles.withMergedProfiles(customerId))
                .chain(verifications::of).invoke(v -> document.put("verifications", v))
                .replaceWith(document);
    }
}
