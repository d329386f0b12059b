package io.omnihub.intake.http;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a bot platform posts to {@code /webhooks/chatbot/{botId}}: a user {@code message}, a {@code handoff} to a
 * human with the transcript so far, or a {@code command} the user gave the bot ({@code stop}: withdraw consent to
 * be contacted through the bot; {@code start}: give it back). The contract is in
 * {@code channels/chatbot/README.md}.
 */
@RegisterForReflection
public record ChatbotEvent(
        @NotNull @Pattern(regexp = "message|handoff|closed|command", message = "must be message, handoff, closed or command") String type,
        @NotBlank @Size(max = 200) String eventId,
        @NotBlank @Size(max = 200) String conversationId,
        @NotNull @Valid User user,
        @Size(max = 4096) String text,
        Instant sentAt,
        @Size(max = 500) String reason,
        @Size(max = 500) List<@Valid @NotNull TranscriptTurn> transcript,
        @Pattern(regexp = "stop|start", message = "must be stop or start") String command) {

    /** The bot platform's user, and whatever the user told the bot about themselves. */
    @RegisterForReflection
    public record User(
            @NotBlank @Size(max = 200) String id,
            @Size(max = 64) String phone,
            @Size(max = 254) String email,
            @Size(max = 200) String name) {
    }

    /** One turn of the bot conversation. */
    @RegisterForReflection
    public record TranscriptTurn(
            @Size(max = 200) String id,
            @NotNull @Pattern(regexp = "user|bot", message = "must be user or bot") String author,
            @NotBlank @Size(max = 4096) String text,
            @NotNull Instant sentAt) {
    }
}
