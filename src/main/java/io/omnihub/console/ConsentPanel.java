package io.omnihub.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.omnihub.channel.Channel;
import io.omnihub.consent.ConsentViews;
import io.omnihub.routing.Purpose;

/** The consent panel: the current state of every outbound channel and purpose, and the history that proves it. */
public record ConsentPanel(List<Row> rows, List<ConsentViews.Event> history) {

    /** One channel and purpose: granted, withdrawn, or never asked. */
    public record Row(String channel, String channelName, String purpose, String state, Instant since) {

        public boolean granted() {
            return "granted".equals(state);
        }
    }

    static ConsentPanel of(ConsentViews.Ledger ledger, List<Channel> channels) {
        List<Row> rows = new ArrayList<>();
        for (Channel channel : channels) {
            for (Purpose purpose : Purpose.values()) {
                ConsentViews.State state = ledger.current().stream()
                        .filter(s -> s.channel().equals(channel.id()) && s.purpose().equals(purpose.name()))
                        .findFirst().orElse(null);
                rows.add(new Row(channel.id(), channel.displayName(), purpose.name(),
                        state == null ? "none" : state.granted() ? "granted" : "withdrawn",
                        state == null ? null : state.since()));
            }
        }
        List<ConsentViews.Event> newestFirst = new ArrayList<>(ledger.history());
        newestFirst.sort((a, b) -> b.occurredAt().compareTo(a.occurredAt()));
        return new ConsentPanel(rows, newestFirst);
    }
}
