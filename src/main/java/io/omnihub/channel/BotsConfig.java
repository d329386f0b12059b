package io.omnihub.channel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * The chatbot platforms' bots: {@code omnihub.bots."<bot-id>".secrets=current[,previous]} signs webhooks both
 * ways (two are valid during a rotation; pushes are signed with the first), and
 * {@code omnihub.bots."<bot-id>".callback-url} is where replies are pushed.
 */
@ConfigMapping(prefix = "omnihub.bots")
public interface BotsConfig {

    @WithParentName
    Map<String, Bot> all();

    interface Bot {
        List<String> secrets();

        Optional<String> callbackUrl();

        /**
         * The team this bot belongs to: its conversations are this team's while the bot handles them; the default team when
         * unset.
         */
        Optional<String> team();

        /**
         * The team whose queue receives this bot's hand-offs, with the transcript; the bot's own team when unset.
         */
        Optional<String> handoffTeam();
    }
}
