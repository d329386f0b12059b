package io.omnihub.privacy;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** Data subject rights, for privacy officers: erasure with a destruction act, and export. */
@Path("/api/v1/customers/{id}/privacy")
@Tag(name = "Privacy")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyResource {

    private final ErasureService erasure;
    private final ExportService export;
    private final Callers callers;
    private final Visibility visibility;
    private final Audit audit;

    public PrivacyResource(ErasureService erasure, ExportService export, Callers callers, Visibility visibility,
            Audit audit) {
        this.audit = audit;
        this.erasure = erasure;
        this.export = export;
        this.callers = callers;
        this.visibility = visibility;
    }

    @POST
    @Path("/erasure")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a customer across every store; answers the destruction act")
    public Uni<Response> erase(@PathParam("id") String id, @jakarta.validation.Valid ErasureBody body) {
        String basis = body == null || body.legalBasis() == null
                ? "152-FZ Art. 21; GDPR Art. 17: erasure ordered by the privacy officer"
                : body.legalBasis();
        return erasure.erase(Ids.parse("id", id), callers.current().actor(), "api", basis)
                .map(act -> Response.status(201).entity(act).build());
    }

    @GET
    @Path("/erasure")
    @Operation(summary = "The destruction act of an erased customer")
    public Uni<JsonNode> act(@PathParam("id") String id) {
        return erasure.act(Ids.parse("id", id)).onItem().ifNull().failWith(() -> ProblemException.notFound("Destruction act"));
    }

    @GET
    @Path("/export")
    @Operation(summary = "Everything held about the customer, as one JSON document")
    public Uni<Map<String, Object>> export(@PathParam("id") String id) {
        UUID customerId = Ids.parse("id", id);
        String actor = callers.current().actor();
        return visibility.customer(customerId, callers.current()).chain(() -> export.export(customerId))
                .call(() -> audit.recordAlone(actor, "customer.exported", "customer", customerId, Map.of()));
    }

    /** Why the data is erased, for the act. */
    public record ErasureBody(@Size(max = 500) String legalBasis) {
    }
}
