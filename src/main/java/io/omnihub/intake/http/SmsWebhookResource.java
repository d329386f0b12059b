package io.omnihub.intake.http;

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
import io.omnihub.delivery.SmsStatusCallbacks;
import io.omnihub.intake.InboundEnvelope;
import io.omnihub.intake.IntakeConfig;
import io.omnihub.intake.IntakeService;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Signatures;
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
    private final SmsStatusCallbacks callbacks;
    private final RateLimiter limiter;
    private final SecurityConfig security;

    public SmsWebhookResource(IntakeConfig config, EnvelopeFactory envelopes, IntakeService intake,
            SmsStatusCallbacks callbacks, RateLimiter limiter, SecurityConfig security) {
        this.config = config;
        this.envelopes = envelopes;
        this.intake = intake;
        this.callbacks = callbacks;
        this.limiter = limiter;
        this.security = security;
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
        // answers it as the duplicate it is
        return limiter.check("sms:" + form.required("AccountSid"))
                .chain(() -> intake.accept(envelope))
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
        String messageId = uri.getQueryParameters().getFirst("messageId");
        String attempt = uri.getQueryParameters().getFirst("attempt");
        var callback = new SmsStatusCallbacks.Callback(form.required("MessageSid"), form.required("MessageStatus"),
                form.get("ErrorCode"), messageId == null ? null : Ids.parse("messageId", messageId),
                attempt == null || !attempt.matches("[0-9]{1,6}") ? null : Integer.valueOf(attempt));
        return limiter.check("sms:" + form.required("AccountSid"))
                .chain(() -> callbacks.record(callback))
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
        return envelope.withKeywordsOf(text);
    }
}
