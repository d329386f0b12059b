package io.omnihub.customer.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactNormalizer;
import io.omnihub.customer.CustomerQueries;
import io.omnihub.customer.CustomerView;
import io.omnihub.customer.MergeService;
import io.omnihub.customer.MergeView;
import io.omnihub.customer.NameTokens;
import io.omnihub.platform.Audit;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Finding customers, their profiles and merge log, and undoing merges. */
@Path("/api/v1/customers")
@Tag(name = "Customers")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private final CustomerQueries queries;
    private final MergeService merges;
    private final Callers callers;
    private final Visibility visibility;
    private final ContactNormalizer normalizer;
    private final NameTokens nameTokens;
    private final Audit audit;

    public CustomerResource(CustomerQueries queries, MergeService merges, Callers callers,
            Visibility visibility,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "omnihub.intake.default-region", defaultValue = "RU") String region,
            NameTokens nameTokens, Audit audit) {
        this.audit = audit;
        this.nameTokens = nameTokens;
        this.queries = queries;
        this.merges = merges;
        this.callers = callers;
        this.visibility = visibility;
        this.normalizer = new ContactNormalizer(region);
    }

    @GET
    @Operation(summary = "Find a customer by phone or e-mail", description = "Exact match after normalisation.")
    public Uni<CustomerView> find(@QueryParam("phone") String phone, @QueryParam("email") String email) {
        if ((phone == null) == (email == null)) {
            throw ProblemException.badRequest("invalid-input", "Give exactly one of phone or email");
        }
        Uni<CustomerView> found = phone != null
                ? queries.byContact(ContactKind.PHONE, normalizer.normalize(ContactKind.PHONE, "phone", phone))
                : queries.byContact(ContactKind.EMAIL, normalizer.normalize(ContactKind.EMAIL, "email", email));
        Caller caller = callers.current();
        return found.onItem().ifNull().failWith(() -> ProblemException.notFound("Customer"))
                .call(c -> visibility.customer(c.id(), c.status(), caller)) // the status the view read
                .call(c -> audited(caller, List.of(c.id())))
                .map(c -> c.forCaller(caller.seesFullContacts()));
    }

    @GET
    @Path("/search")
    @Operation(summary = "Find customers by name", description = "Every word of the query must be a word of the name"
            + " (case and accents of the Cyrillic ё aside). Names stay sealed: the index holds keyed hashes of their"
            + " words. Only the active profiles the caller may see, at most 20.")
    public Uni<List<CustomerView>> search(@QueryParam("name") String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ProblemException.invalidField("name", "give one to 200 characters of the customer's name");
        }
        Caller caller = callers.current();
        return nameTokens.find(name, 20).chain(ids -> visibility.seen(ids, caller).chain(seen -> {
            List<UUID> shown = ids.stream().filter(seen::contains).toList();
            Uni<List<CustomerView>> views = audited(caller, shown).replaceWith(new ArrayList<>());
            for (UUID id : shown) {
                views = views.chain(list -> queries.byId(id).map(v -> {
                    list.add(v.forCaller(caller.seesFullContacts()));
                    return list;
                }));
            }
            return views;
        }));
    }

    @GET
    @Path("/{id}")
    public Uni<CustomerView> get(@PathParam("id") String id) {
        UUID customerId = Ids.parse("id", id);
        Caller caller = callers.current();
        return visibility.customer(customerId, caller).chain(() -> queries.byId(customerId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Customer"))
                .call(c -> audited(caller, List.of(customerId)))
                .map(c -> c.forCaller(caller.seesFullContacts()));
    }

    /** A read of customers' full contacts is audited before it is answered; a masked one is not. */
    private Uni<Void> audited(Caller caller, List<UUID> customerIds) {
        return caller.seesFullContacts()
                ? audit.recordEachAlone(caller.actor(), "customer.contacts-read", "customer", customerIds,
                        Map.of("via", "api"))
                : Uni.createFrom().voidItem();
    }

    @GET
    @Path("/{id}/merges")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
    public Uni<List<MergeView>> mergeLog(@PathParam("id") String id) {
        UUID customerId = Ids.parse("id", id);
        return visibility.customer(customerId, callers.current()).chain(() -> queries.merges(customerId));
    }

    @POST
    @Path("/{id}/merges")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Merge another profile into this one (supervisor)")
    @RolesAllowed(Roles.SUPERVISOR)
    public Uni<Response> merge(@PathParam("id") String id, @Valid @NotNull MergeBody body) {
        Caller caller = callers.current();
        UUID survivor = Ids.parse("id", id);
        UUID merged = Ids.parse("mergedId", body.mergedId());
        return visibility.customer(survivor, caller)
                .chain(() -> visibility.customer(merged, caller))
                .chain(() -> merges.mergeManually(survivor, merged, caller.actor()))
                .chain(m -> queries.merges(survivor)
                        .map(list -> list.stream().filter(v -> v.id().equals(m.id())).findFirst().orElseThrow()))
                .map(view -> Response.status(201).entity(view).build());
    }

    /** Which profile to merge into the one addressed. */
    public record MergeBody(@NotBlank String mergedId) {
    }

    @POST
    @Path("/{id}/merges/{mergeId}/unmerge")
    @Operation(summary = "Undo a merge (supervisor)")
    @RolesAllowed(Roles.SUPERVISOR)
    public Uni<MergeView> unmerge(@PathParam("id") String id, @PathParam("mergeId") String mergeId) {
        Caller caller = callers.current();
        UUID customerId = Ids.parse("id", id);
        UUID merge = Ids.parse("mergeId", mergeId);
        return visibility.customer(customerId, caller)
                .chain(() -> merges.unmerge(customerId, merge, caller.actor()))
                .chain(m -> queries.merges(m.survivorId()))
                .map(list -> list.stream().filter(v -> v.id().toString().equals(mergeId)).findFirst().orElseThrow());
    }

}
