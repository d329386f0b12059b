package io.omnihub.intake.http;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ContactKind;
import io.omnihub.customer.Identity;
import io.omnihub.customer.Proof;
import io.omnihub.intake.InboundEnvelope;
import io.omnihub.intake.IntakeService;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Message;
import io.omnihub.request.Turn;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.SecurityConfig;
import io.smallrye.mutiny.Uni;

/** The adapter API: web, app, office and any other adapter submit inbound messages here. */
@Path("/api/v1/inbound/messages")
@RolesAllowed(Roles.ADAPTER)
@Tag(name = "Intake")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdapterResource {

    private final EnvelopeFactory envelopes;
    private final IntakeService intake;
    private final Callers callers;
    private final SecurityConfig security;

    public AdapterResource(EnvelopeFactory envelopes, IntakeService intake, Callers callers,
            SecurityConfig security) {
        this.envelopes = envelopes;
        this.intake = intake;
        this.callers = callers;
        this.security = security;
    }

    @POST
    @Operation(summary = "Submit one inbound message", description = "201 when it starts a request, 200 when it is"
            + " appended to one or repeats an earlier submission (duplicate: true, with the original result).")
    public Uni<Response> submit(@Valid @NotNull AdapterMessage message) {
        Caller caller = callers.current();
        return Uni.createFrom().item(() -> toEnvelope(message, caller))
                .chain(intake::accept)
                .map(result -> Response.status(result.newRequest() && !result.duplicate() ? 201 : 200)
                        .entity(IntakeResponse.of(result)).build());
    }

    private InboundEnvelope toEnvelope(AdapterMessage m, Caller caller) {
        Channel channel = envelopes.inboundChannel(m.channel());
        if (!channel.id().equals(caller.channel())) {
            throw new ProblemException(403, "wrong-channel", "This credential may submit only for channel "
                    + caller.channel());
        }
        envelopes.checkLength(channel, "text", m.text());
        boolean office = channel.id().equals("office");
        if (office && (m.staffAuthor() == null || m.staffAuthor().isBlank())) {
            throw ProblemException.invalidField("staffAuthor", "office requests must name the staff member who entered them");
        }
        // the adapter API vouches for nothing but the kinds an admin issued its credential with: an app backend for
        // the user it signed in, an office system for what staff checked in person (the staff member is recorded)
        Set<ContactKind> vouched = caller.vouches().stream().map(ContactKind::fromWireName)
                .flatMap(java.util.Optional::stream).collect(java.util.stream.Collectors.toSet());
        EnvelopeFactory.Vouching vouching = office
                ? new EnvelopeFactory.Vouching(vouched, Proof.STAFF, m.staffAuthor().strip())
                : new EnvelopeFactory.Vouching(vouched, Proof.CREDENTIAL, caller.subject());
        List<Identity> identities = envelopes.trust(channel, envelopes.identities(m.customer(), "customer."),
                vouching, "customer.");
        Turn turn = new Turn(office ? Message.Author.STAFF : Message.Author.CUSTOMER,
                office ? m.staffAuthor().strip() : null, m.text(), m.sentAt(), m.externalId(),
                envelopes.attachmentsJson(m.attachments()));
        return envelopes.envelope(caller.team() != null ? caller.team() : security.defaultTeam(), channel.id(),
                m.externalId(), m.thread(), identities, m.customer().name(),
                m.subject(), m.category(), List.of(turn));
    }
}
