package io.omnihub.channel;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the channel descriptors come from. */
@ConfigMapping(prefix = "omnihub.channels")
public interface ChannelConfig {

    /**
     * A directory holding one {@code <id>/channel.yaml} per channel. When unset, the descriptors packaged with
     * the application (from the repository's {@code channels/} folder) are read from the class path.
     */
    Optional<String> dir();

    /** The channels this deployment runs; each must have a descriptor. */
    @WithDefault("web,app,chatbot,sms,office,email")
    List<String> enabled();
}
