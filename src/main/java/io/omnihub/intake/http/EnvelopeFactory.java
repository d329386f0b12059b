package io.omnihub.intake.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.channel.ContactKind;
import io.omnihub.customer.ContactNormalizer;
import io.omnihub.customer.Identity;
import io.omnihub.customer.Proof;
import io.omnihub.intake.InboundEnvelope;
import io.omnihub.intake.IntakeConfig;
import io.omnihub.platform.ProblemException;
import io.omnihub.request.Handling;
import io.omnihub.request.Turn;

/**
 * Checks what a channel sent against the channel registry and turns it into a canonical {@link InboundEnvelope}:
 * normalised identifiers, turns, and a fingerprint of the content. Everything that can be wrong with the input is
 * found here, before anything is stored.
 */
@ApplicationScoped
class EnvelopeFactory {

    private final ChannelRegistry channels;
    private final ContactNormalizer normalizer;
    private final ObjectMapper json;

    EnvelopeFactory(ChannelRegistry channels, IntakeConfig config, ObjectMapper json) {
        this.channels = channels;
        this.normalizer = new ContactNormalizer(config.defaultRegion());
        this.json = json;
    }

    /** The inbound channel of that id, or 400. */
    Channel inboundChannel(String id) {
        Channel channel = channels.find(id).orElseThrow(() -> ProblemException.invalidField("channel",
                "unknown channel '" + safe(id) + "'"));
        if (!channel.inbound()) {
            throw ProblemException.invalidField("channel", "channel '" + id + "' does not accept inbound messages");
        }
        return channel;
    }

    List<Identity> identities(CustomerIdentifiers ids, String fieldPrefix) {
        List<Identity> result = new ArrayList<>();
        add(result, ContactKind.PHONE, fieldPrefix + "phone", ids.phone());
        add(result, ContactKind.EMAIL, fieldPrefix + "email", ids.email());
        add(result, ContactKind.APP_USER, fieldPrefix + "appUserId", ids.appUserId());
        add(result, ContactKind.WEB_VISITOR, fieldPrefix + "webVisitorId", ids.webVisitorId());
        add(result, ContactKind.OFFICE_CARD, fieldPrefix + "officeCard", ids.officeCard());
        add(result, ContactKind.BOT_USER, fieldPrefix + "botUserId", ids.botUserId());
        if (result.isEmpty()) {
            throw ProblemException.invalidField(fieldPrefix.isEmpty() ? "customer" : fieldPrefix.replaceAll("\\.$", ""),
                    "at least one identifier (phone, email, appUserId, webVisitorId, officeCard, botUserId) is required");
        }
        return result;
    }

    Identity identity(ContactKind kind, String field, String value) {
        return Identity.claimed(kind, normalizer.normalize(kind, field, value));
    }

    void checkLength(Channel channel, String field, String text) {
        if (text.length() > channel.maxLength()) {
            throw ProblemException.invalidField(field, "is longer than the " + channel.maxLength()
                    + " characters channel '" + channel.id() + "' carries");
        }
    }

    String attachmentsJson(List<Attachment> attachments) {
        return attachments == null || attachments.isEmpty() ? null : write(attachments);
    }

    /**
     * Who stands behind which identifier kinds of a message: the channel's own signed webhook for the kinds its
     * descriptor says it vouches for, an adapter credential for the kinds it was issued with, or nobody.
     */
    record Vouching(Set<ContactKind> kinds, Proof proof, String ref) {

        static final Vouching NOBODY = new Vouching(Set.of(), null, null);

        /** The channel's own signed webhook (the carrier, the bot platform). */
        static Vouching webhook(Channel channel, Proof proof) {
            return new Vouching(channel.vouches(), proof, null);
        }
    }

    /**
     * Refuses an identifier kind the channel may not carry (400, nothing stored) and marks the vouched ones; the rest
     * stay claimed.
     */
    List<Identity> trust(Channel channel, List<Identity> identities, Vouching vouching, String fieldPrefix) {
        List<Identity> result = new ArrayList<>();
        for (Identity identity : identities) {
            if (!channel.identifiers().contains(identity.kind())) {
                throw ProblemException.invalidField(fieldPrefix + FIELD.getOrDefault(identity.kind(),
                        identity.kind().wireName()), "channel '" + channel.id() + "' may not assert a "
                                + identity.kind().wireName() + "; it may assert " + channel.identifiers().stream()
                                        .map(ContactKind::wireName).sorted().toList());
            }
            result.add(vouching.kinds().contains(identity.kind()) ? identity.vouched(vouching.proof(), vouching.ref())
                    : identity);
        }
        return result;
    }

    /** The field each kind arrives in on the adapter API. */
    private static final Map<ContactKind, String> FIELD = Map.of(ContactKind.PHONE, "phone", ContactKind.EMAIL,
            "email", ContactKind.APP_USER, "appUserId", ContactKind.WEB_VISITOR, "webVisitorId", ContactKind.OFFICE_CARD,
            "officeCard", ContactKind.BOT_USER, "botUserId");

    InboundEnvelope envelope(String team, String channel, String externalId, String thread,
            List<Identity> identities, String name, String subject, String category, List<Turn> turns) {
        String fingerprint = write(List.of(channel, thread, identities, name == null ? "" : name,
                subject == null ? "" : subject, category == null ? "" : category, turns));
        return new InboundEnvelope(channel, externalId, thread, identities, name, subject, category, turns,
                fingerprint, team, null, false, Handling.PEOPLE);
    }

    private void add(List<Identity> into, ContactKind kind, String field, String raw) {
        if (raw != null) {
            into.add(identity(kind, field, raw));
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Echoes an input value only when it is short and plain, never anything that could be personal data. */
    private static String safe(String value) {
        return value != null && value.matches("[A-Za-z0-9_-]{1,32}") ? value : "?";
    }
}
