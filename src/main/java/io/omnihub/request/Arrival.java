package io.omnihub.request;

import java.util.List;

/**
 * What arrived on one channel thread in one delivery: the thread, the team it is for, what the adapter said it is
 * about, its turns, and how it is handled (a bot's, or handed off to people).
 */
public record Arrival(String channel, String thread, String team, String subject, String category, List<Turn> turns,
        Handling handling) {
}
