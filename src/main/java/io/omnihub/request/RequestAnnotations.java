package io.omnihub.request;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.CustomerKeys;
import io.omnihub.customer.crypto.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * What operators write on a request for each other: internal notes (sealed with the customer's key, never sent) and
 * labels (the team's own words, for filtering the queue).
 */
@ApplicationScoped
public class RequestAnnotations {

    /** A label's form: a short lower-case word. */
    public static final String LABEL = "[a-z0-9][a-z0-9_-]{0,39}";

    private final RequestRepository requests;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;
    private final Clock clock;
    private final RequestAnnotationRepository stored;

    RequestAnnotations(RequestRepository requests, CustomerKeys keys, PersonalDataCipher cipher, Clock clock,
            RequestAnnotationRepository stored) {
        this.stored = stored;
        this.requests = requests;
        this.keys = keys;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** Adds an internal note by {@code author}. */
    public Uni<RequestNote.View> note(UUID requestId, String text, String author) {
        return Panache.withTransaction(() -> requests.findById(requestId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"))
                .chain(r -> keys.load(List.of(r.customerId)).chain(() -> {
                    RequestNote note = new RequestNote();
                    note.id = Ids.next();
                    note.requestId = requestId;
                    note.author = author;
                    note.bodyEnc = cipher.seal(r.customerId, "note", text);
                    note.createdAt = clock.instant();
                    return stored.persist(note)
                            .replaceWith(new RequestNote.View(note.id, requestId, author, text, note.createdAt));
                })));
    }

    /** Puts a label on a request (again: nothing changes); answers its labels. */
    public Uni<List<String>> label(UUID requestId, String label) {
        String checked = checked(label);
        return Panache.withTransaction(() -> stored.label(requestId, checked).chain(() -> stored.labels(requestId)));
    }

    /** Takes a label off a request; answers its labels. */
    public Uni<List<String>> unlabel(UUID requestId, String label) {
        return Panache.withTransaction(() -> stored.unlabel(requestId, label).chain(() -> stored.labels(requestId)));
    }

    /** A request's labels (on the caller's session, or one of its own). */
    public Uni<List<String>> labels(UUID requestId) {
        return stored.labels(requestId);
    }

    /** The notes of these requests, oldest first, opened (on the caller's session). */
    Uni<List<RequestNote.View>> notes(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return stored.notes(requestIds)
                .chain(notes -> keys.loadFor(notes.stream().map(n -> n.bodyEnc).filter(Objects::nonNull)
                        .filter(b -> b.length > 0).toList())
                        .map(ignored -> notes.stream().map(n -> new RequestNote.View(n.id, n.requestId, n.author,
                                n.bodyEnc.length == 0 ? null : cipher.open("note", n.bodyEnc), n.createdAt))
                                .toList()));
    }

    private static String checked(String label) {
        if (label == null || !label.matches(LABEL)) {
            throw ProblemException.invalidField("label", "a lower-case word of letters, digits, '-' or '_', at most 40");
        }
        return label;
    }
}
