package io.omnihub.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.customer.CustomerKeys;
import io.omnihub.customer.PersonalDataCipher;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** An adapter reads a reply on its own channel (to re-fetch what it consumed from Kafka, or to check status). */
@Path("/api/v1/outbound/{id}")
@Tag(name = "Replies")
@RolesAllowed(Roles.ADAPTER)
@Produces(MediaType.APPLICATION_JSON)
public class OutboundResource {

    private final Callers callers;
    private final CustomerKeys keys;
    private final PersonalDataCipher cipher;

    public OutboundResource(Callers callers, CustomerKeys keys, PersonalDataCipher cipher) {
        this.callers = callers;
        this.keys = keys;
        this.cipher = cipher;
    }

    @GET
    @Operation(summary = "A reply on the caller's channel: its text and delivery status")
    public Uni<Outbound> get(@PathParam("id") String id) {
        UUID messageId = Ids.parse("id", id);
        String channel = callers.current().channel();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.find(Message.class, messageId))
                .chain(m -> m == null || m.direction != Message.Direction.OUTBOUND || !channel.equals(m.channel)
                        || m.bodyEnc == null || m.bodyEnc.length == 0
                                ? Uni.createFrom().failure(ProblemException.notFound("Outbound message"))
                                : keys.loadFor(List.of(m.bodyEnc)).map(ignored -> new Outbound(m.id, m.requestId, m.channel,
                                        m.deliveryStatus, cipher.open("body", m.bodyEnc), m.createdAt))));
    }

    /** A reply as its channel's adapter sees it. */
    public record Outbound(UUID messageId, UUID requestId, String channel, String deliveryStatus, String text,
            Instant createdAt) {
    }
}
