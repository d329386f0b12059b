package io.omnihub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ChannelDescriptorParserTest {

    private static final String VALID = """
            id: chatbot
            displayName: Chatbot
            inbound: true
            outbound: true
            maxLength: 4096
            replyWindow: PT24H
            contactKind: bot_user
            quietHoursApply: false
            identifiers: [bot_user, phone]
            vouches: [bot_user]
            """;

    @Test
    void parsesEveryField() {
        Channel channel = ChannelDescriptorParser.parse("chatbot/channel.yaml", "chatbot", VALID);
        assertThat(channel).isEqualTo(new Channel("chatbot", "Chatbot", true, true, 4096,
                java.util.Optional.of(Duration.ofHours(24)), ContactKind.BOT_USER, false, 3, Duration.ofSeconds(2),
                Duration.ofMinutes(2), java.util.Set.of(ContactKind.BOT_USER, ContactKind.PHONE),
                java.util.Set.of(ContactKind.BOT_USER), false));
    }

    @Test
    void retryPolicyCanBeSet() {
        Channel channel = ChannelDescriptorParser.parse("f", "chatbot", VALID + "maxAttempts: 5\nretryBackoff: PT1M\n"
                + "receiptTimeout: PT30S\n");
        assertThat(channel.maxAttempts()).isEqualTo(5);
        assertThat(channel.retryBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(channel.receiptTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void replyWindowIsOptional() {
        Channel channel = ChannelDescriptorParser.parse("f", "chatbot", VALID.replace("replyWindow: PT24H\n", ""));
        assertThat(channel.replyWindow()).isEmpty();
    }

    @Test
    void missingFieldIsNamed() {
        assertProblem(VALID.replace("maxLength: 4096\n", ""), "field 'maxLength' is missing");
    }

    @Test
    void wrongTypesAreNamed() {
        assertProblem(VALID.replace("maxLength: 4096", "maxLength: lots"), "field 'maxLength' must be a positive");
        assertProblem(VALID.replace("maxLength: 4096", "maxLength: 0"), "field 'maxLength' must be a positive");
        assertProblem(VALID.replace("inbound: true", "inbound: maybe"), "field 'inbound' must be true or false");
        assertProblem(VALID.replace("PT24H", "a day"), "field 'replyWindow' must be an ISO-8601 duration");
        assertProblem(VALID.replace("bot_user", "pigeon"), "field 'contactKind' must be one of");
        assertProblem(VALID.replace("displayName: Chatbot", "displayName: ''"), "field 'displayName'");
    }

    @Test
    void identifierRulesAreCheckedAndNamed() {
        assertProblem(VALID.replace("identifiers: [bot_user, phone]\n", "").replace("vouches: [bot_user]\n", ""),
                "field 'identifiers' an inbound channel must list");
        assertProblem(VALID.replace("[bot_user, phone]", "[bot_user, pigeon]"), "field 'identifiers' must name kinds");
        assertProblem(VALID.replace("vouches: [bot_user]", "vouches: [email]"),
                "field 'vouches' may only name kinds listed in identifiers");
    }

    @Test
    void idMustMatchItsFolder() {
        assertProblem(VALID.replace("id: chatbot", "id: bot"), "field 'id' must equal its folder name 'chatbot'");
    }

    @Test
    void unknownFieldsAndBrokenYamlAreRejected() {
        assertProblem(VALID + "colour: blue\n", "field 'colour' unknown field");
        assertProblem("id: [", "not valid YAML");
        assertProblem("", "the file is empty");
    }

    private static void assertProblem(String yaml, String problem) {
        assertThatThrownBy(() -> ChannelDescriptorParser.parse("channels/chatbot/channel.yaml", "chatbot", yaml))
                .isInstanceOf(ChannelDescriptorException.class)
                .hasMessageContaining("channels/chatbot/channel.yaml")
                .hasMessageContaining(problem);
    }
}
