package io.omnihub.adapter.common;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Where an adapter finds Omnihub and Kafka, and its credential. From the environment:
 * {@code OMNIHUB_URL}, {@code OMNIHUB_ADAPTER_KEY}, {@code OMNIHUB_KAFKA_BOOTSTRAP_SERVERS}.
 *
 * @param channel the channel this adapter serves
 * @param hubUrl Omnihub's base URL
 * @param key the adapter credential issued by an Omnihub admin (header {@code X-Omnihub-Key})
 * @param kafkaBootstrap Kafka, for the {@code omnihub.replies.<channel>} topic
 */
public record AdapterSettings(String channel, URI hubUrl, String key, String kafkaBootstrap) {

    public static final Set<String> CHANNELS = Set.of("web", "app", "office", "sms", "chatbot", "email");

    public AdapterSettings {
        if (!CHANNELS.contains(channel)) {
            throw new AdapterException("Unknown channel '" + channel + "': a reference adapter serves one of "
                    + CHANNELS);
        }
        if (hubUrl == null || hubUrl.getHost() == null) {
            throw new AdapterException("OMNIHUB_URL must be Omnihub's base URL, such as http://localhost:8080");
        }
        if (key == null || key.isBlank()) {
            throw new AdapterException("OMNIHUB_ADAPTER_KEY is missing: ask an Omnihub admin to issue one with"
                    + " POST /api/v1/admin/adapters/{name}/credentials");
        }
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            throw new AdapterException("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS is missing: the Kafka the hub publishes"
                    + " replies to");
        }
    }

    public static AdapterSettings fromEnvironment(String channel) {
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault("OMNIHUB_URL", "http://localhost:8080");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new AdapterException("OMNIHUB_URL is not a URL: " + url);
        }
        return new AdapterSettings(channel, uri, env.get("OMNIHUB_ADAPTER_KEY"),
                env.get("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS"));
    }

    public String repliesTopic() {
        return "omnihub.replies." + channel;
    }
}
