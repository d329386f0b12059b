package io.omnihub.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Intake settings: phone region, idempotency, and the secrets webhooks are signed with. */
@ConfigMapping(prefix = "omnihub.intake")
public interface IntakeConfig {

    /** Region for phone numbers written without a country code, ISO 3166 (env OMNIHUB_INTAKE_DEFAULT_REGION). */
    @WithDefault("RU")
    String defaultRegion();

    /** How long the Redis fast path remembers an external id. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /**
     * The idempotency horizon: how long the database remembers an external id, so that a redelivery within it is a
     * duplicate; older receipts are deleted (env OMNIHUB_INTAKE_RECEIPT_RETENTION). Gateways and bot platforms
     * retry for hours, not weeks.
     */
    @WithDefault("P30D")
    Duration receiptRetention();

    /** Chatbot webhooks: how far a signed timestamp may be from now. */
    @WithDefault("PT300S")
    Duration signatureTolerance();

    /**
     * Words with which a customer asks a chatbot for a person (any of them as a word of the message, in any case):
     * the conversation is handed off to the bot's hand-off team (env OMNIHUB_INTAKE_HANDOFF_KEYWORDS).
     */
    @WithDefault("operator,human,agent,оператор,человек,агент")
    List<String> handoffKeywords();

    /**
     * The public URL the SMS gateway calls, up to and excluding {@code /webhooks}, when Omnihub sits behind a proxy
     * that changes it (Twilio signs the URL it called). Unset: the URL of the request as received.
     */
    Optional<String> publicBaseUrl();

    /**
     * One entry per SMS account: {@code omnihub.intake.sms-accounts.<AccountSid>.secrets=auth-token[,previous]}
     * and optionally {@code .team}.
     */
    Map<String, Secrets> smsAccounts();

    interface Secrets {
        List<String> secrets();

        /** The team whose operators see the requests this account's numbers start; the default team when unset. */
        Optional<String> team();
    }
}
