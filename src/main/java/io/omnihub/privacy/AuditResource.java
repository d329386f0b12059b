package io.omnihub.privacy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/**
 * The audit log, for privacy officers only: who exported, erased, merged or read a customer's full contacts, and what
 * admins did. Operators, supervisors and admins cannot read it; admins' own actions are in it.
 */
@Path("/api/v1/audit")
@Tag(name = "Privacy")
@RolesAllowed(Roles.PRIVACY_OFFICER)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final Audit audit;

    public AuditResource(Audit audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Audit entries, newest first", description = "Filters: subjectId (a customer, a credential),"
            + " actor (user:<subject> or adapter:<id>), action (customer.exported, customer.erased, customer.merged,"
            + " customer.unmerged, customer.contacts-read, adapter-credential.issued, …), from and to (ISO-8601"
            + " instants, to excluded); at most " + Audit.MAX_ENTRIES + " entries (limit).")
    public Uni<List<Audit.Entry>> find(@QueryParam("subjectId") String subjectId, @QueryParam("actor") String actor,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        return audit.find(new Audit.Query(text("actor", actor), text("action", action),
                subjectId == null ? null : Ids.parse("subjectId", subjectId), instant("from", from),
                instant("to", to), limit(limit)));
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= Audit.MAX_ENTRIES) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidField("limit", "must be a whole number from 1 to " + Audit.MAX_ENTRIES);
    }

    private static String text(String field, String value) {
        if (value != null && (value.isBlank() || value.length() > 200)) {
            throw ProblemException.invalidField(field, "give one to 200 characters");
        }
        return value;
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }
}
