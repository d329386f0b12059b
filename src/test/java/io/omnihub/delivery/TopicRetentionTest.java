package io.omnihub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Reply topics carry personal data, so they expire well before the 30-day erasure deadline. */
@QuarkusTest
class TopicRetentionTest {

    @Test
    void replyTopicsKeepMessagesSevenDays() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class)))) {
            for (String channel : List.of("web", "app", "chatbot", "sms", "office", "email")) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "omnihub.replies." + channel);
                String retention = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                        .get("retention.ms").value();
                assertThat(Duration.ofMillis(Long.parseLong(retention))).isEqualTo(Duration.ofDays(7))
                        .isLessThan(Duration.ofDays(30));
            }
        }
    }
}
