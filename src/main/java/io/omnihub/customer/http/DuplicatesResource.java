package io.omnihub.customer.http;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.customer.DuplicateReview;
import io.omnihub.platform.Ids;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** Suspected duplicates for review: supervisors of either profile's teams and privacy officers; 404 for others. */
@Path("/api/v1/duplicates")
@Tag(name = "Customers")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class DuplicatesResource {

    private final DuplicateReview review;
    private final Callers callers;

    public DuplicatesResource(DuplicateReview review, Callers callers) {
        this.review = review;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Open suspected duplicates the caller may review, oldest first")
    public Uni<List<DuplicateReview.View>> open() {
        return review.open(callers.current());
    }

    @GET
    @Path("/{id}")
    public Uni<DuplicateReview.View> one(@PathParam("id") String id) {
        return review.one(Ids.parse("id", id), callers.current());
    }

    @POST
    @Path("/{id}/merge")
    @Operation(summary = "Merge the pair: the older profile survives; the merge log and unmerge apply")
    public Uni<DuplicateReview.View> merge(@PathParam("id") String id) {
        return review.merge(Ids.parse("id", id), callers.current());
    }

    @POST
    @Path("/{id}/dismiss")
    @Operation(summary = "Dismiss the pair: two different customers; not suggested again")
    public Uni<DuplicateReview.View> dismiss(@PathParam("id") String id) {
        return review.dismiss(Ids.parse("id", id), callers.current());
    }
}
