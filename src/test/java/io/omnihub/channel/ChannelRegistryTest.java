package io.omnihub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelRegistryTest {

    @Test
    void loadsTheSixDescriptorsOfTheRepository() {
        var channels = ChannelRegistry.load(config(Optional.of("channels"),
                List.of("web", "app", "chatbot", "sms", "office", "email")));
        assertThat(channels.keySet()).containsExactly("web", "app", "chatbot", "sms", "office", "email");
        assertThat(channels.get("email").inbound()).isFalse();
        assertThat(channels.get("sms").contactKind()).isEqualTo(ContactKind.PHONE);
    }

    @Test
    void startUpFailsNamingTheFileAndFieldOfAnInvalidDescriptor(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sms"));
        Files.writeString(dir.resolve("sms/channel.yaml"), Files.readString(Path.of("channels/sms/channel.yaml"))
                .replace("maxLength: 1600", "maxLength: -5"));
        assertThatThrownBy(() -> ChannelRegistry.load(config(Optional.of(dir.toString()), List.of("sms"))))
                .hasMessageContaining(dir.resolve("sms/channel.yaml").toString())
                .hasMessageContaining("field 'maxLength'");
    }

    @Test
    void startUpFailsOnAMissingDescriptor(@TempDir Path dir) {
        assertThatThrownBy(() -> ChannelRegistry.load(config(Optional.of(dir.toString()), List.of("fax"))))
                .hasMessageContaining(dir.resolve("fax/channel.yaml").toString())
                .hasMessageContaining("does not exist");
    }

    private static ChannelConfig config(Optional<String> dir, List<String> enabled) {
        return new ChannelConfig() {
            @Override
            public Optional<String> dir() {
                return dir;
            }

            @Override
            public List<String> enabled() {
                return enabled;
            }
        };
    }
}
