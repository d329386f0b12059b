package io.omnihub.customer.crypto;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.Audit;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.smallrye.mutiny.Uni;

/** Master key rotation, step 2 of 3 (README, "Key rotation"): see {@link KeyRotation}. */
@Path("/api/v1/admin/keys/rewrap")
@Tag(name = "Administration")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeyRotationResource {

    private final KeyRotation rotation;
    private final Callers callers;
    private final Audit audit;

    public KeyRotationResource(KeyRotation rotation, Callers callers, Audit audit) {
        this.rotation = rotation;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Operation(summary = "Re-wrap every data key with the current primary master key")
    public Uni<Map<String, Long>> rewrap() {
        String actor = callers.current().actor();
        return rotation.rewrapAll()
                .call(n -> audit.recordAlone(actor, "keys.rewrapped", "keyset", null, Map.of("rewrapped", n)))
                .map(n -> Map.of("rewrapped", n));
    }
}
