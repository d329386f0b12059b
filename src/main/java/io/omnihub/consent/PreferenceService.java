package io.omnihub.consent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Audit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reads and replaces a customer's preferences; every change is audited and seen by every replica at once. */
@ApplicationScoped
public class PreferenceService {

    private final Audit audit;
    private final PolicyCache cache;
    private final Clock clock;

    private final CustomerCheck check;
    private final Profiles profiles;

    private final ConsentRepository stored;

    public PreferenceService(Audit audit, PolicyCache cache, Clock clock, CustomerCheck check, Profiles profiles,
            ConsentRepository stored) {
        this.stored = stored;
        this.check = check;
        this.profiles = profiles;
        this.clock = clock;
        this.audit = audit;
        this.cache = cache;
    }

    @WithSession
    public Uni<ConsentViews.Preferences> get(UUID customerId) {
        return check.active(customerId)
                .chain(() -> stored.preference(customerId))
                .map(p -> p == null ? new ConsentViews.Preferences(customerId, java.util.List.of(), false, null, null,
                        null, null, null, null) : view(p));
    }

    /** Replaces the preferences (already validated) as {@code actor}. */
    public Uni<ConsentViews.Preferences> replace(UUID customerId, WantedPreferences wanted, String actor) {
        return Panache.withTransaction(() -> check.active(customerId)
                .chain(() -> stored.preference(customerId)
                        .chain(existing -> {
                            Preference p = existing != null ? existing : new Preference();
                            Map<String, Object> before = existing == null ? Map.of() : details(existing);
                            p.customerId = customerId;
                            p.preferredChannels = wanted.preferredChannels();
                            p.onlyPreferred = wanted.onlyPreferred();
                            p.quietStart = wanted.quietStart();
                            p.quietEnd = wanted.quietEnd();
                            p.timeZone = wanted.timeZone();
                            p.language = wanted.language();
                            p.updatedAt = clock.instant();
                            p.updatedBy = actor;
                            Uni<Preference> saved = existing != null ? Uni.createFrom().item(p)
                                    : stored.persist(p).replaceWith(p);
                            return saved.call(() -> profiles.policyChanged(customerId, clock.instant()))
                                    .call(() -> audit.record(actor, "preferences.changed", "customer", customerId,
                                            Map.of("before", before, "after", details(p))));
                        })))
                // forgotten once committed, so no replica caches the old policy again
                .call(() -> cache.invalidate(customerId))
                .map(this::view);
    }

    private static Map<String, Object> details(Preference p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("preferredChannels", p.preferred());
        d.put("onlyPreferred", p.onlyPreferred);
        d.put("quietStart", p.quietStart == null ? null : p.quietStart.toString());
        d.put("quietEnd", p.quietEnd == null ? null : p.quietEnd.toString());
        d.put("timeZone", p.timeZone);
        d.put("language", p.language);
        return d;
    }

    private ConsentViews.Preferences view(Preference p) {
        return new ConsentViews.Preferences(p.customerId, p.preferred(), p.onlyPreferred, p.quietStart, p.quietEnd,
                p.timeZone, p.language, p.updatedAt, p.updatedBy);
    }
}
