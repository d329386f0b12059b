package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.adapter.common.CustomerErased;
import io.omnihub.channel.SmsThread;
import io.omnihub.privacy.PrivacyEvents;
import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * The adapters' written contract, {@code channels/contract/*.schema.json}, held from both sides: what Omnihub
 * publishes (read from the real Kafka), Omnihub's records, the reference adapters' own copies in
 * {@code channels/common}, and the channels' sample replies all match it.
 */
@QuarkusTest
class ReplyCommandContractTest {

    private static final Path CONTRACT = Path.of("channels/contract");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachSchemaAcceptsItsExamplesAndRefusesWhatBreaksTheContract() throws IOException {
        for (String name : List.of("reply-command", "customer-erased")) {
            JsonObject schema = schema(name);
            List<Object> examples = schema.getJsonArray("examples").getList();
            assertThat(examples).as("%s's examples", name).isNotEmpty();
            for (Object example : examples) {
                JsonObject valid = JsonObject.mapFrom(example);
                assertValid(name, valid.encode());
                for (String field : schema.getJsonArray("required").stream().map(String::valueOf).toList()) {
                    JsonObject missing = valid.copy();
                    missing.remove(field);
                    assertThat(validate(name, missing.encode()).getValid()).as("%s without %s", name, field).isFalse();
                }
                assertThat(validate(name, valid.copy().put("surprise", 1).encode()).getValid())
                        .as("%s with a field the contract does not name", name).isFalse();
                assertThat(validate(name, valid.copy().put("customerId", "not-a-uuid").encode()).getValid())
                        .as("%s with a customerId that is no UUID", name).isFalse();
            }
        }
    }

    @Test
    void omnihubsRecordsAndTheAdaptersCopiesNameExactlyTheContractsFields() throws IOException {
        JsonObject reply = schema("reply-command");
        assertThat(components(ReplyCommand.class)).as("Omnihub's ReplyCommand").isEqualTo(properties(reply));
        assertThat(components(io.omnihub.adapter.common.ReplyCommand.class)).as("the adapters' ReplyCommand")
                .isEqualTo(properties(reply));
        JsonObject to = reply.getJsonObject("properties").getJsonObject("to");
        assertThat(components(ReplyCommand.To.class)).as("Omnihub's ReplyCommand.To").isEqualTo(properties(to));
        assertThat(components(io.omnihub.adapter.common.ReplyCommand.To.class)).as("the adapters' ReplyCommand.To")
                .isEqualTo(properties(to));
        assertThat(Set.copyOf(reply.getJsonArray("required").getList())).as("every field is required")
                .isEqualTo(properties(reply));

        JsonObject erased = schema("customer-erased");
        assertThat(components(PrivacyEvents.CustomerErased.class)).as("Omnihub's CustomerErased")
                .isEqualTo(properties(erased));
        assertThat(components(CustomerErased.class)).as("the adapters' CustomerErased").isEqualTo(properties(erased));
    }

    @Test
    void theChannelsSampleRepliesKeepTheContract() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.walk(Path.of("channels"))) {
            samples = files.filter(p -> p.getParent() != null && p.getParent().endsWith("samples") && p.getFileName().toString()
                    .startsWith("reply")).toList();
        }
        assertThat(samples).as("sample replies under channels/*/samples").isNotEmpty();
        for (Path sample : samples) {
            assertValid("reply-command", Files.readString(sample));
        }
    }

    @Test
    void whatOmnihubPublishesKeepsTheContractAndTheAdaptersReadIt() throws IOException {
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone).put("email", Samples.email());
        var created = Inbound.submit(web).then().statusCode(201).extract();
        String customerId = created.path("customerId");
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String smsRequest = given().queryParam("customerId", customerId).queryParam("channel", "sms")
                .get("/api/v1/requests").then().statusCode(200).extract().path("items[0].id");

        try (KafkaTopic webTopic = new KafkaTopic("omnihub.replies.web");
                KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms");
                KafkaTopic events = new KafkaTopic("omnihub.events")) {
            String onWeb = Replies.reply(created.path("requestId"), "Your parcel left the warehouse.").then()
                    .statusCode(201).extract().path("messageId");
            String onSms = Replies.reply(smsRequest, "It arrives tomorrow.").then().statusCode(201).extract()
                    .path("messageId");
            for (KafkaTopic.Record record : List.of(webTopic.await(r -> onWeb.equals(r.id()), 1, WAIT).get(0),
                    smsTopic.await(r -> onSms.equals(r.id()), 1, WAIT).get(0))) {
                assertValid("reply-command", record.value());
                var read = JSON.readValue(record.value(), io.omnihub.adapter.common.ReplyCommand.class);
                assertThat(read.messageId()).isEqualTo(record.id());
                assertThat(read.customerId()).isEqualTo(customerId);
                assertThat(read.attempt()).isEqualTo(1);
                assertThat(read.onThread()).as("a reply on the origin channel answers on its thread").isTrue();
                if (read.channel().equals("sms")) {
                    assertThat(SmsThread.parse(read.to().value())).as("the SMS thread in to.value")
                            .contains(new SmsThread(phone, sms.get("To")));
                }
            }

            given().header("Authorization", Auth.bearer("dpo-test", List.of("privacy-officer"), List.of()))
                    .contentType("application/json").body(Map.of("legalBasis", "contract test"))
                    .post("/api/v1/customers/" + customerId + "/privacy/erasure").then().statusCode(201);
            KafkaTopic.Record event = events.await(r -> "customer.erased".equals(r.type())
                    && r.value().contains(customerId), 1, WAIT).get(0);
            assertValid("customer-erased", event.value());
            assertThat(JSON.readValue(event.value(), CustomerErased.class).mergedProfiles()).containsExactly(customerId);
        }
    }

    private static JsonObject schema(String name) throws IOException {
        return new JsonObject(Files.readString(CONTRACT.resolve(name + ".schema.json")));
    }

    private static OutputUnit validate(String schema, String json) throws IOException {
        return Validator.create(JsonSchema.of(schema(schema)), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://omnihub.example/contract/").setOutputFormat(OutputFormat.Basic))
                .validate(new JsonObject(json));
    }

    private static void assertValid(String schema, String json) throws IOException {
        OutputUnit result = validate(schema, json);
        assertThat(result.getValid()).as("%s keeps %s: %s", json, schema, result.getErrors() == null ? ""
                : result.getErrors().stream().map(e -> e.getInstanceLocation() + " " + e.getError())
                        .collect(Collectors.joining("; ")))
                .isTrue();
    }

    private static Set<String> properties(JsonObject schema) {
        return new TreeSet<>(schema.getJsonObject("properties").fieldNames());
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
