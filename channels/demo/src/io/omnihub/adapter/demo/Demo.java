package io.omnihub.adapter.demo;

import static io.omnihub.adapter.demo.Story.await;
import static io.omnihub.adapter.demo.Story.body;
import static io.omnihub.adapter.demo.Story.channels;
import static io.omnihub.adapter.demo.Story.code;
import static io.omnihub.adapter.demo.Story.mask;
import static io.omnihub.adapter.demo.Story.message;
import static io.omnihub.adapter.demo.Story.reasons;
import static io.omnihub.adapter.demo.Story.shortId;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.omnihub.adapter.app.AppAdapter;
import io.omnihub.adapter.chatbot.ChatbotPlatform;
import io.omnihub.adapter.common.AdapterException;
import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.email.EmailAdapter;
import io.omnihub.adapter.office.OfficeAdapter;
import io.omnihub.adapter.sms.FakeSmsProvider;
import io.omnihub.adapter.sms.SmsAdapter;
import io.omnihub.adapter.web.WebAdapter;

/**
 * The demo: every reference adapter runs against Omnihub and real Kafka, and plays one customer's story,
 * narrated step by step. The README's run command plays it; {@code ChannelAdaptersTest} plays it too and checks
 * what each adapter delivered.
 */
public class Demo implements AutoCloseable {

    /** The customer of the story. */
    public record Persona(String name, String phone, String email, String card, String botUser, String suffix) {
        public static Persona anna() {
            return new Persona("Anna Petrova", "+79165550123", "anna.petrova@example.org", "CARD-0048812",
                    "tg-5550123", "demo");
        }
    }

    /** Where things are: Omnihub, Kafka, the bot and the SMS account Omnihub is configured with. */
    public record Setup(URI hub, String kafka, String botId, String botSecret, int botPort, String smsAccount,
            String smsToken) {
    }

    public final FakeSmsProvider smsProvider;
    public final GreenMail mailServer;
    public final WebAdapter web;
    public final AppAdapter app;
    public final OfficeAdapter office;
    public final SmsAdapter sms;
    public final ChatbotPlatform chatbot;
    public final EmailAdapter email;
    private final Operator operator;
    private final Operator supervisor;
    private final Consumer<String> say;

    public Demo(Setup setup, Consumer<String> say) throws Exception {
        this.say = say;
        Operator admin = new Operator(setup.hub(), "demo-admin", List.of("admin"));
        this.operator = new Operator(setup.hub(), "olga-operator", List.of("operator"));
        this.supervisor = new Operator(setup.hub(), "sergey-supervisor", List.of("supervisor"));
        this.smsProvider = new FakeSmsProvider(setup.smsToken());
        this.mailServer = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        // each adapter vouches for what its system knows to be true: the site for its own visitor id, the app for the
        // user it signed in, the office for what staff checked in person; what customers type stays claimed
        this.web = new WebAdapter(settings(setup, admin, "web", List.of("web_visitor")));
        this.app = new AppAdapter(settings(setup, admin, "app", List.of("app_user")));
        this.office = new OfficeAdapter(settings(setup, admin, "office", List.of("office_card", "phone", "email")));
        this.sms = new SmsAdapter(settings(setup, admin, "sms"), smsProvider.url(), setup.smsAccount(),
                setup.smsToken(), "+74950000000");
        this.chatbot = new ChatbotPlatform(settings(setup, admin, "chatbot"), setup.botId(), setup.botSecret(),
                setup.botPort());
        this.email = new EmailAdapter(settings(setup, admin, "email"), "127.0.0.1",
                mailServer.getSmtp().getPort(), "support@omnihub.example");
    }

    private static AdapterSettings settings(Setup setup, Operator admin, String channel) {
        return settings(setup, admin, channel, List.of());
    }

    private static AdapterSettings settings(Setup setup, Operator admin, String channel, List<String> vouches) {
        String key = admin.post("/api/v1/admin/adapters/demo-" + channel + "-" + Long.toString(System.nanoTime(), 36)
                + "/credentials", Map.of("channel", channel, "vouches", vouches)).path("key").asText();
        return new AdapterSettings(channel, setup.hub(), key, setup.kafka());
    }

    /** The story. Answers the customer's profile id. */
    public String play(Persona anna) {
        String s = anna.suffix();
        step(1, anna.name() + " fills in the contact form on the web site, with her e-mail");
        JsonNode web1 = web.submit(message("web", "web-" + s, "web-session-" + s, Map.of("email", anna.email(),
                "name", anna.name()), "Hello, my order 5531 has not arrived yet. Can you check?"));
        detail("request " + shortId(web1, "requestId") + ", new profile " + shortId(web1, "customerId")
                + "; the e-mail she typed is only claimed");
        JsonNode mailCheck = web.hub().startVerification(web1.path("requestId").asText(), "email", anna.email());
        String mailCode = code("the e-mail with her code arrives", () -> java.util.Arrays
                .stream(mailServer.getReceivedMessages()).map(Story::body).filter(b -> b.contains("verification code"))
                .reduce((a, b) -> b).orElse(null));
        web.hub().submitCode(mailCheck.path("verificationId").asText(), mailCode);
        detail("the site asks her to confirm it: Omnihub e-mails a one-time code, she enters it on the site"
                + " → e-mail verified");

        step(2, "She texts the company's number from her phone");
        sms.customerSends("SM" + s + "1", anna.phone(), "Still no delivery for order 5531");
        detail("SMS accepted through the Twilio-compatible webhook");

        step(3, "She asks the chatbot, gives it her phone number, and the bot hands her over to a human");
        String conversation = "conv-" + s;
        Map<String, Object> user = Map.of("id", anna.botUser(), "phone", anna.phone(), "name", "Anna");
        JsonNode chat1 = chatbot.send(Map.of("type", "message", "eventId", "evt-" + s + "-1", "conversationId",
                conversation, "user", user, "text", "Where is my order 5531?", "sentAt",
                Instant.now().minusSeconds(60).toString()));
        chatbot.send(Map.of("type", "handoff", "eventId", "evt-" + s + "-2", "conversationId", conversation, "user",
                user, "reason", "The bot could not find the order", "transcript", List.of(
                        Map.of("id", "evt-" + s + "-1", "author", "user", "text", "Where is my order 5531?",
                                "sentAt", Instant.now().minusSeconds(60).toString()),
                        Map.of("author", "bot", "text", "I cannot find it. I am passing you to a colleague.",
                                "sentAt", Instant.now().minusSeconds(55).toString()))));
        detail("signed webhooks: a message, then a hand-off with the transcript; the phone she typed is only"
                + " claimed, so her chat is not joined to her SMS profile");
        String botCustomer = chat1.path("customerId").asText();
        String chatRequest = chat1.path("requestId").asText();
        JsonNode bot = operator.get("/api/v1/customers/" + botCustomer);
        String typedPhone = java.util.stream.StreamSupport.stream(bot.path("contactPoints").spliterator(), false)
                .filter(cp -> cp.path("kind").asText().equals("phone")).findFirst().orElseThrow().path("id").asText();
        int before = smsProvider.sent().size();
        operator.post("/api/v1/customers/" + botCustomer + "/contacts/" + typedPhone + "/verifications",
                Map.of("requestId", chatRequest));
        String smsCode = code("the SMS with her code arrives", () -> smsProvider.sent().stream().skip(before)
                .map(FakeSmsProvider.Sent::body).filter(b -> b.contains("verification code")).reduce((a, b) -> b)
                .orElse(null));
        chatbot.send(Map.of("type", "message", "eventId", "evt-" + s + "-3", "conversationId", conversation,
                "user", user, "text", smsCode, "sentAt", Instant.now().toString()));
        detail("Olga sends a one-time code by SMS to that phone; Anna types it into the chat → phone verified,"
                + " and her chat joins her SMS profile");

        step(4, "She visits the office; staff check her loyalty card, phone and e-mail in person");
        JsonNode visit = office.submit(message("office", "office-" + s, "visit-" + s, Map.of("officeCard",
                anna.card(), "phone", anna.phone(), "email", anna.email()), "Customer asks for a refund of order 5531.")
                .put("staffAuthor", "staff-ivanov"));
        String customer = visit.path("customerId").asText();
        JsonNode timeline = operator.get("/api/v1/customers/" + customer + "/timeline");
        detail("recognised as one person: profile " + customer.substring(0, 8) + " holds "
                + timeline.path("requests").size() + " requests on channels "
                + channels(timeline.path("requests")) + ", " + timeline.path("messages").size() + " messages");

        JsonNode smsRequest = operator.get("/api/v1/requests?customerId=" + customer + "&channel=sms").path("items")
                .get(0);
        String smsRequestId = smsRequest.path("id").asText();

        step(5, "Operator Olga answers the SMS request once");
        JsonNode reply1 = operator.post("/api/v1/requests/" + smsRequestId + "/replies",
                Map.of("text", "Hello Anna, your parcel left our warehouse today."));
        detail("routed to " + reply1.path("channel").asText() + " (the origin channel)");
        await("the SMS provider sends it", () -> smsProvider.sent().stream()
                .anyMatch(m -> m.body().contains("left our warehouse")));
        await("the handset reports it delivered", () -> "DELIVERED".equals(status(smsRequestId,
                reply1.path("messageId").asText())));
        detail("the SMS provider sent it to " + mask(anna.phone()) + "; delivery status: DELIVERED");

        step(6, "Anna answers STOP by SMS");
        sms.customerSends("SM" + s + "2", anna.phone(), "STOP");
        detail("SMS consent withdrawn, recorded with the message as evidence");

        step(7, "Olga replies again");
        JsonNode reply2 = operator.post("/api/v1/requests/" + smsRequestId + "/replies",
                Map.of("text", "Understood, no more SMS. Your refund is on its way."));
        detail("rerouted to " + reply2.path("channel").asText() + " because " + reasons(reply2, "sms"));
        try {
            await("the reply reaches the chatbot conversation",
                    () -> chatbot.conversation(anna.botUser()).stream().anyMatch(t -> t.contains("no more SMS"))
                            || failedOrHeld(smsRequestId, reply2.path("messageId").asText()));
        } catch (AdapterException e) {
            throw new AdapterException(e.getMessage() + "; the reply is " + status(smsRequestId,
                    reply2.path("messageId").asText()) + "; the bot saw " + chatbot.conversation(anna.botUser())
                    + "; refused pushes: " + chatbot.refusedPushes().size());
        }
        if (failedOrHeld(smsRequestId, reply2.path("messageId").asText())) {
            throw new AdapterException("The chatbot reply was " + status(smsRequestId, reply2.path("messageId").asText()));
        }
        detail("the bot platform received the signed push and showed it to the bot user");

        step(8, "Anna tells the office she wants e-mail only; supervisor Sergey records it");
        supervisor.put("/api/v1/customers/" + customer + "/preferences", Map.of("preferredChannels",
                List.of("email"), "onlyPreferred", true));
        detail("preferences: e-mail only (audited)");

        step(9, "Olga sends the refund confirmation");
        JsonNode reply3 = operator.post("/api/v1/requests/" + smsRequestId + "/replies",
                Map.of("text", "Your refund of 2 490 RUB for order 5531 is complete."));
        detail("routed to " + reply3.path("channel").asText() + "; sms rejected: " + reasons(reply3, "sms")
                + "; chatbot rejected: " + reasons(reply3, "chatbot"));
        await("the e-mail arrives", () -> java.util.Arrays.stream(mailServer.getReceivedMessages()).anyMatch(m -> {
            try {
                // her e-mail verification code went to the same address earlier
                return m.getAllRecipients()[0].toString().equals(anna.email())
                        && !body(m).contains("verification code");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }));
        detail("the mail server received it for " + mask(anna.email()));
        say.accept("[demo] done: one customer, five channels, every reply where she allowed it, every decision"
                + " explained.");
        return customer;
    }

    private boolean failedOrHeld(String requestId, String messageId) {
        String status = status(requestId, messageId);
        return "HELD".equals(status) || "FAILED".equals(status) || "RETRYING".equals(status);
    }

    private String status(String requestId, String messageId) {
        for (JsonNode m : operator.get("/api/v1/requests/" + requestId).path("messages")) {
            if (m.path("id").asText().equals(messageId)) {
                return m.path("deliveryStatus").asText();
            }
        }
        return null;
    }

    private void step(int n, String what) {
        say.accept("[demo] " + n + "/9 " + what);
    }

    private void detail(String what) {
        say.accept("[demo]       → " + what);
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] { web, app, office, sms, chatbot, email, smsProvider }) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        mailServer.stop();
    }
}
