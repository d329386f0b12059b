package io.omnihub.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The channels this deployment runs, loaded and validated at start-up. A missing or invalid descriptor stops
 * start-up with a message naming the file and the field.
 */
@Startup
@ApplicationScoped
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);
    private final Map<String, Channel> channels;

    public ChannelRegistry(ChannelConfig config) {
        this.channels = load(config);
        LOG.infof("Channels: %s", channels.keySet());
    }

    static Map<String, Channel> load(ChannelConfig config) {
        Map<String, Channel> loaded = new LinkedHashMap<>();
        for (String id : config.enabled()) {
            String source = config.dir().map(d -> Path.of(d, id, "channel.yaml").toString())
                    .orElse("classpath:channels/" + id + "/channel.yaml");
            String yaml = config.dir().map(d -> readFile(source)).orElseGet(() -> readResource(source, id));
            loaded.put(id, ChannelDescriptorParser.parse(source, id, yaml));
        }
        return Collections.unmodifiableMap(loaded);
    }

    public Optional<Channel> find(String id) {
        return Optional.ofNullable(id).map(channels::get);
    }

    public Collection<Channel> all() {
        return channels.values();
    }

    private static String readFile(String source) {
        Path path = Path.of(source);
        if (!Files.isRegularFile(path)) {
            throw new ChannelDescriptorException(source, "the file does not exist");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read channel descriptor " + source, e);
        }
    }

    private static String readResource(String source, String id) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("channels/" + id + "/channel.yaml")) {
            if (in == null) {
                throw new ChannelDescriptorException(source, "the file does not exist");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read channel descriptor " + source, e);
        }
    }
}
