package io.omnihub.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.channel.BotsConfig;
import io.omnihub.platform.Outages;
import io.omnihub.platform.Signatures;
import io.omnihub.request.Handoffs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Pushes chatbot replies to the bot platform's callback URL, signed like the inbound webhook (HMAC-SHA256 of
 * {@code timestamp.body}). Retries with exponential backoff; a 2xx is SENT. A push that keeps failing is reported
 * FAILED, which retries by the channel's policy or falls back to another channel. An attempt is pushed only while
 * PostgreSQL says it waits for its push, so a redelivery of an attempt already reported is not pushed again.
 */
@ApplicationScoped
class ChatbotPusher {

    private static final Logger LOG = Logger.getLogger(ChatbotPusher.class);

    private final BotsConfig bots;
    private final DeliveryConfig config;
    private final Receipts receipts;
    private final ObjectMapper json;
    private final WebClient http;
    private final Clock clock;

    public ChatbotPusher(BotsConfig bots, DeliveryConfig config, Receipts receipts, ObjectMapper json,
            Vertx vertx, Clock clock) {
        this.clock = clock;
        this.bots = bots;
        this.config = config;
        this.receipts = receipts;
        this.json = json;
        // no redirects: a redirect could lead a push to an address the callback check never saw
        this.http = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setFollowRedirects(false));
    }

    /** Configured callback URLs are checked when they are created (at start-up) and again on every send. */
    void checkCallbacks(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        bots.all().forEach((id, bot) -> bot.callbackUrl().ifPresent(url -> {
            try {
                CallbackUrls.check(url, config.allowPrivateCallbacks());
            } catch (io.omnihub.platform.ProblemException e) {
                LOG.errorf("Callback URL of bot %s refused: %s; its replies will not be pushed", id, e.getMessage());
            }
        }));
    }

    @Incoming("chatbot-push")
    public Uni<Void> push(String record) throws java.io.IOException {
        ReplyCommand reply = json.readValue(record, ReplyCommand.class);
        UUID messageId = reply.messageId();
        int attempt = reply.attempt();
        String address = reply.to().value();
        String botId = address.substring(0, Math.max(0, address.indexOf(':')));
        BotsConfig.Bot bot = bots.all().get(botId);
        if (bot == null || bot.callbackUrl().isEmpty()) {
            LOG.warnf("No callback URL for bot %s; reply %s cannot be pushed", botId, messageId);
            return Receipts.onceRecorded(() -> receipts.byMessage(messageId, "chatbot", ReplyStatus.FAILED, null,
                    attempt), null).replaceWithVoid();
        }
        // pushed only while the database says this attempt still waits for its push; recorded as done only after
        // the push succeeded. A crash in between pushes the attempt again (the bot de-duplicates on the message id)
        // rather than leave it DISPATCHED for ever
        return Receipts.onceRecorded(
                () -> Outages.retriedThrough(() -> receipts.awaitingDelivery(messageId, "chatbot", attempt)), false)
                .chain(waiting -> !waiting ? Uni.createFrom().voidItem()
                        : send(bot, replyBody(botId, address, reply), "X-Omnihub-Message-Id",
                                reply.messageId().toString())
                                .replaceWith(ReplyStatus.SENT)
                                // only the push itself may fail into FAILED
                                .onFailure().recoverWithItem(e -> {
                                    LOG.infof("Push of reply %s to bot %s failed: %s", messageId, botId,
                                            e.getMessage());
                                    return ReplyStatus.FAILED;
                                })
                                .chain(status -> Outages.retriedThrough(
                                        () -> receipts.byMessage(messageId, "chatbot", status, null, attempt)))
                                .replaceWithVoid());
    }

    /**
     * Tells the bot platform that people took a conversation from its bot, or gave it back ({@code handoff.accepted},
     * {@code handoff.released}), signed like a reply and retried the same way; one that keeps failing goes to the
     * dead-letter topic. A bot without a callback URL is not told.
     */
    @Incoming("bot-notices")
    public Uni<Void> notice(String record) throws java.io.IOException {
        Handoffs.Notice notice = json.readValue(record, Handoffs.Notice.class);
        String botId = notice.thread().substring(0, Math.max(0, notice.thread().indexOf(':')));
        BotsConfig.Bot bot = bots.all().get(botId);
        if (bot == null || bot.callbackUrl().isEmpty()) {
            LOG.warnf("No callback URL for bot %s; %s of request %s not pushed", botId, notice.type(),
                    notice.requestId());
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", notice.type());
        body.put("botId", botId);
        body.put("conversationId", notice.thread().substring(botId.length() + 1));
        body.put("requestId", notice.requestId().toString());
        if (notice.operator() != null) {
            body.put("operator", notice.operator());
        }
        body.put("at", notice.at().toString());
        return send(bot, body, "X-Omnihub-Notice-Id", notice.requestId() + ":" + notice.type());
    }

    private static Map<String, Object> replyBody(String botId, String address, ReplyCommand reply) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "reply");
        body.put("messageId", reply.messageId().toString());
        body.put("botId", botId);
        body.put(reply.to().kind().equals("thread") ? "conversationId" : "userId",
                address.substring(botId.length() + 1));
        body.put("text", reply.text());
        body.put("attempt", reply.attempt());
        return body;
    }

    private Uni<Void> send(BotsConfig.Bot bot, Map<String, Object> body, String idHeader, String id) {
        String url = bot.callbackUrl().orElseThrow();
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // resolve and check the target on every send: DNS can change after the URL was configured
        return Uni.createFrom().item(() -> CallbackUrls.target(url, config.allowPrivateCallbacks()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> {
                    String ts = Long.toString(clock.instant().getEpochSecond());
                    java.net.URI uri = target.uri();
                    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
                    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
                    // connect to the address that was checked, not to whatever DNS answers now
                    io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions()
                            .setServer(io.vertx.core.net.SocketAddress.inetSocketAddress(port,
                                    target.address().getHostAddress()))
                            .setHost(uri.getHost()).setPort(port).setSsl(tls)
                            .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                    return http.request(io.vertx.core.http.HttpMethod.POST, options)
                            .timeout(config.push().timeout().toMillis())
                            .putHeader("Content-Type", "application/json")
                            .putHeader("X-Omnihub-Timestamp", ts)
                            .putHeader("X-Omnihub-Signature", Signatures.chatbot(bot.secrets().get(0), ts, bytes))
                            .putHeader(idHeader, id)
                            .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(bytes));
                })
                .map(ChatbotPusher::requireSuccess)
                .onFailure().retry().withBackOff(config.push().initialBackoff(), config.push().maxBackoff())
                .atMost(config.push().retries())
                .replaceWithVoid();
    }

    private static HttpResponse<?> requireSuccess(HttpResponse<?> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the bot platform answered " + response.statusCode());
        }
        return response;
    }
}
