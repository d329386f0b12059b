package io.omnihub.intake.http;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.channel.BotsConfig;
import io.omnihub.channel.Channel;
import io.omnihub.channel.ContactKind;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.customer.Identity;
import io.omnihub.customer.Proof;
import io.omnihub.intake.InboundEnvelope;
import io.omnihub.intake.IntakeConfig;
import io.omnihub.intake.IntakeService;
import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Signatures;
import io.omnihub.request.Handling;
import io.omnihub.request.Handoffs;
import io.omnihub.request.Message;
import io.omnihub.request.Turn;
import io.omnihub.security.RateLimiter;
import io.omnihub.security.SecurityConfig;
import io.smallrye.mutiny.Uni;

/**
 * The chatbot webhook. Each bot has its own secret(s); a request is accepted only with a valid HMAC-SHA256
 * signature over its timestamp and raw body and a timestamp within the tolerance. Within that window a redelivery
 * is harmless: idempotency on the event id answers it with the first answer, flagged duplicate. Each bot has its own
 * rate limit, checked after the signature.
 */
@Path("/webhooks/chatbot/{botId}")
@jakarta.annotation.security.PermitAll
@Tag(name = "Webhooks")
public class ChatbotWebhookResource {

    static final String CHANNEL = "chatbot";

    private final IntakeConfig config;
    private final EnvelopeFactory envelopes;
    private final IntakeService intake;
    private final RateLimiter limiter;
    private final ObjectMapper json;
    private final Validator validator;
    private final BotsConfig bots;
    private final SecurityConfig security;
    private final Clock clock;
    private final Handoffs handoffs;

    public ChatbotWebhookResource(IntakeConfig config, EnvelopeFactory envelopes, IntakeService intake,
            RateLimiter limiter, ObjectMapper json, Validator validator, BotsConfig bots, SecurityConfig security,
            Clock clock, Handoffs handoffs) {
        this.handoffs = handoffs;
        this.clock = clock;
        this.security = security;
        this.bots = bots;
        this.config = config;
        this.envelopes = envelopes;
        this.intake = intake;
        this.limiter = limiter;
        this.json = json;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A user message or a hand-off with its transcript, signed by the bot platform")
    public Uni<IntakeResponse> receive(@PathParam("botId") String botId,
            @HeaderParam("X-Omnihub-Timestamp") String timestamp,
            @HeaderParam("X-Omnihub-Signature") String signature, byte[] body) {
        verify(botId, timestamp, signature, body);
        ChatbotEvent event = parse(body);
        // a redelivery within the signature window is answered by idempotency on the event id: same ids, flagged
        // duplicate, nothing stored twice
        Uni<IntakeResponse> answer = switch (event.type()) {
            case "command" -> command(botId, event);
            case "closed" -> handoffs.closedByBot(botId + ":" + event.conversationId())
                    .map(r -> new IntakeResponse(r.id(), r.customerId(), null, "CLOSED_BY_BOT", false, false,
                            r.status()));
            default -> Uni.createFrom().item(() -> toEnvelope(botId, event)).chain(intake::accept)
                    .map(IntakeResponse::of);
        };
        return limiter.check("bot:" + botId).chain(() -> answer);
    }

    private Uni<IntakeResponse> command(String botId, ChatbotEvent event) {
        if (event.command() == null) {
            throw ProblemException.invalidField("command", "a command event must name the command");
        }
        Identity user = envelopes.identity(ContactKind.BOT_USER, "user.id", botId + ":" + event.user().id());
        ConsentEvent.Action action = event.command().equals("stop") ? ConsentEvent.Action.WITHDRAWN
                : ConsentEvent.Action.GRANTED;
        return intake.command(CHANNEL, event.eventId(), "command|" + botId + "|" + event.user().id() + "|"
                + event.command(), user, action, Map.of("eventId", event.eventId(), "command", event.command()))
                .map(r -> new IntakeResponse(null, r.customerId(), null, "CONSENT_" + action.name(), false,
                        r.duplicate(), null));
    }

    private void verify(String botId, String timestamp, String signature, byte[] body) {
        BotsConfig.Bot secrets = bots.all().get(botId);
        if (secrets == null) {
            throw ProblemException.notFound("Bot");
        }
        if (timestamp == null || signature == null) {
            throw ProblemException.unauthorized("X-Omnihub-Timestamp and X-Omnihub-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw ProblemException.unauthorized("X-Omnihub-Timestamp must be Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > config.signatureTolerance().toSeconds()) {
            throw ProblemException.unauthorized("The signature timestamp is outside the allowed window");
        }
        List<String> expected = secrets.secrets().stream().map(s -> Signatures.chatbot(s, timestamp, body)).toList();
        if (!Signatures.matchesAny(signature, expected)) {
            throw ProblemException.unauthorized("The signature does not match");
        }
    }

    private ChatbotEvent parse(byte[] body) {
        ChatbotEvent event;
        try {
            event = json.readValue(body, ChatbotEvent.class);
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-body", "The body is not a valid chatbot event");
        }
        if (event == null) {
            throw ProblemException.badRequest("malformed-body", "The body is empty");
        }
        Set<ConstraintViolation<ChatbotEvent>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return event;
    }

    private InboundEnvelope toEnvelope(String botId, ChatbotEvent event) {
        Channel channel = envelopes.inboundChannel(CHANNEL);
        List<Identity> identities = new ArrayList<>();
        identities.add(envelopes.identity(ContactKind.BOT_USER, "user.id", botId + ":" + event.user().id()));
        if (event.user().phone() != null) {
            identities.add(envelopes.identity(ContactKind.PHONE, "user.phone", event.user().phone()));
        }
        if (event.user().email() != null) {
            identities.add(envelopes.identity(ContactKind.EMAIL, "user.email", event.user().email()));
        }
        List<Turn> turns = new ArrayList<>();
        if (event.type().equals("handoff")) {
            if (event.transcript() == null || event.transcript().isEmpty()) {
                throw ProblemException.invalidField("transcript", "a hand-off must carry the transcript so far");
            }
            for (ChatbotEvent.TranscriptTurn t : event.transcript()) {
                envelopes.checkLength(channel, "transcript.text", t.text());
                boolean bot = t.author().equals("bot");
                turns.add(new Turn(bot ? Message.Author.BOT : Message.Author.CUSTOMER, bot ? botId : null, t.text(),
                        t.sentAt(), t.id(), null));
            }
        } else {
            if (event.text() == null || event.text().isBlank()) {
                throw ProblemException.invalidField("text", "a message must have text");
            }
            envelopes.checkLength(channel, "text", event.text());
            turns.add(new Turn(Message.Author.CUSTOMER, null, event.text(), event.sentAt(), event.eventId(), null));
        }
        BotsConfig.Bot bot = bots.all().get(botId);
        String team = bot.team().orElse(security.defaultTeam());
        Handling handling = event.type().equals("handoff") ? Handling.HANDOFF
                : asksForPerson(event.text()) ? Handling.ASKED_FOR_PERSON : Handling.BOT;
        // the platform's signature vouches for its own user id; a phone or e-mail the user typed is only claimed
        return envelopes.envelope(handling.handsOff() ? bot.handoffTeam().orElse(team) : team, CHANNEL,
                event.eventId(), botId + ":" + event.conversationId(),
                envelopes.trust(channel, identities, EnvelopeFactory.Vouching.webhook(channel, Proof.PLATFORM),
                        "user."),
                event.user().name(), event.reason(), null, turns).handledBy(handling);
    }

    /** Whether the message has a hand-off keyword as one of its words ("operator", "оператор", …). */
    private boolean asksForPerson(String text) {
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (config.handoffKeywords().contains(word)) {
                return true;
            }
        }
        return false;
    }
}
