package io.omnihub.intake;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ContactKind;
import io.omnihub.channel.SmsThread;
import io.omnihub.customer.Identity;
import io.omnihub.customer.Proof;
import io.omnihub.delivery.Receipts;
import io.omnihub.delivery.ReplyStatus;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Signatures;
import io.omnihub.privacy.ErasureService;
import io.omnihub.privacy.PrivacyConfig;
import io.omnihub.request.Message;
import io.omnihub.request.Turn;
import io.omnihub.security.RateLimiter;
import io.omnihub.security.SecurityConfig;
import io.smallrye.mutiny.Uni;

/**
 * The SMS gateway webhooks, Twilio-compatible: inbound messages and delivery status callbacks, form-encoded and
 * signed with {@code X-Twilio-Signature} by the account's auth token.
 */
@Path("/webhooks/sms")
@jakarta.annotation.security.PermitAll
@Tag(name = "Webhooks")
public class SmsWebhookResource {

    static final String CHANNEL = "sms";
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final IntakeConfig config;
    private final EnvelopeFactory envelopes;
    private final IntakeService intake;
    private final RateLimiter limiter;
    private final Receipts receipts;
    private final SecurityConfig security;
    private final ErasureService erasure;
    private final PrivacyConfig privacy;

    public SmsWebhookResource(IntakeConfig config, EnvelopeFactory envelopes, IntakeService intake,
            RateLimiter limiter, Receipts receipts, SecurityConfig security, ErasureService erasure,
            PrivacyConfig privacy) {
        this.erasure = erasure;
        this.privacy = privacy;
        this.security = security;
        this.config = config;
        this.envelopes = envelopes;
        this.intake = intake;
        this.limiter = limiter;
        this.receipts = receipts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "An inbound SMS (Twilio-compatible: MessageSid, From, To, Body, AccountSid)")
    public Uni<String> inbound(@HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri,
            String body) {
        FormBody form = verified(signature, uri, body);
        InboundEnvelope envelope = toEnvelope(form);
        // a gateway's retry repeats the request byte for byte (Twilio signs no timestamp): idempotency on MessageSid
        // answers it as the duplicate it is, and a STOP or START is applied with its message, once
        return limiter.check("sms:" + form.required("AccountSid"))
                .chain(() -> intake.accept(envelope))
                // applied for a duplicate too: a gateway retry after a failure here must not lose an ERASE, and an
                // erasure that went through leaves nothing to do
                .call(result -> ConsentKeywords.erasure(envelope.turns().get(0).text())
                        // only what the carrier-vouched sender proved is theirs (see ErasureService.eraseProven)
                        ? erasure.eraseProven(result.customerId(), envelope.identities().get(0), CHANNEL,
                                privacy.customerRequestBasis())
                                .onFailure(e -> e instanceof ProblemException p && p.status() == 409)
                                .recoverWithNull().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .replaceWith(EMPTY_TWIML);
    }

    @POST
    @Path("/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "A delivery status callback for an outbound SMS (MessageSid, MessageStatus)")
    public Uni<String> status(@HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri,
            String body) {
        FormBody form = verified(signature, uri, body);
        String sid = form.required("MessageSid");
        var status = Receipts.fromTwilio(form.required("MessageStatus"));
        // Twilio's codes for a number that cannot receive at all: unreachable, unknown, landline, invalid
        boolean permanent = status == ReplyStatus.FAILED
                && java.util.Set.of("30003", "30005", "30006", "21211", "21614").contains(form.get("ErrorCode"));
        // the adapter may name the reply in the callback URL (?messageId=…), so a callback that overtakes the
        // adapter's own receipt still finds it. Receipts only move forward, so a retried callback is harmless.
        String messageId = uri.getQueryParameters().getFirst("messageId");
        String attempt = uri.getQueryParameters().getFirst("attempt");
        return limiter.check("sms:" + form.required("AccountSid"))
                .chain(() -> messageId == null ? receipts.byExternalId(CHANNEL, sid, status, permanent)
                        : receipts.byMessage(Ids.parse("messageId", messageId), CHANNEL, status, sid,
                                attempt == null || !attempt.matches("[0-9]{1,6}") ? null : Integer.valueOf(attempt),
                                permanent))
                .replaceWith(EMPTY_TWIML);
    }

    private FormBody verified(String signature, UriInfo uri, String body) {
        FormBody form = FormBody.parse(body);
        String account = form.get("AccountSid");
        IntakeConfig.Secrets secrets = account == null ? null : config.smsAccounts().get(account);
        if (secrets == null) {
            throw ProblemException.unauthorized("Unknown or missing AccountSid");
        }
        if (signature == null) {
            throw ProblemException.unauthorized("X-Twilio-Signature is required");
        }
        String url = signedUrl(uri);
        List<String> expected = secrets.secrets().stream().map(t -> Signatures.twilio(t, url, form.all())).toList();
        if (!Signatures.matchesAny(signature, expected)) {
            throw ProblemException.unauthorized("The signature does not match");
        }
        return form;
    }

    /** The URL the gateway called and signed. */
    private String signedUrl(UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return config.publicBaseUrl()
                .map(base -> base.replaceAll("/+$", "") + "/" + uri.getPath().replaceAll("^/+", "")
                        + (query == null ? "" : "?" + query))
                .orElse(uri.getRequestUri().toString());
    }

    private InboundEnvelope toEnvelope(FormBody form) {
        Channel channel = envelopes.inboundChannel(CHANNEL);
        String sid = form.required("MessageSid");
        String text = form.required("Body");
        envelopes.checkLength(channel, "Body", text);
        // the carrier delivered it from this number: the sender is vouched for
        List<Identity> from = envelopes.trust(channel, List.of(envelopes.identity(ContactKind.PHONE, "From",
                form.required("From"))), EnvelopeFactory.Vouching.webhook(channel, Proof.CARRIER), "");
        String to = form.required("To");
        Turn turn = new Turn(Message.Author.CUSTOMER, null, text, null, sid, null);
        String team = config.smsAccounts().get(form.required("AccountSid")).team().orElse(security.defaultTeam());
        InboundEnvelope envelope = envelopes.envelope(team, CHANNEL, sid, new SmsThread(from.get(0).value(), to).written(),
                from, null,
                null, null, List.of(turn));
        return ConsentKeywords.keyword(text).map(envelope::withKeyword).orElse(envelope);
    }
}
