package io.omnihub.channel;

import java.util.Optional;

/**
 * An SMS conversation: the customer's number and ours, written {@code <customer>><ours>} (E.164 both), as in a reply's
 * {@code to.value} when its kind is {@code thread} (see {@code channels/contract/reply-command.schema.json}).
 */
public record SmsThread(String customer, String ours) {

    private static final char SEPARATOR = '>';

    /** The thread a written value names, or empty when it names none (another channel's thread, say). */
    public static Optional<SmsThread> parse(String written) {
        int at = written.indexOf(SEPARATOR);
        return at <= 0 || at == written.length() - 1 ? Optional.empty()
                : Optional.of(new SmsThread(written.substring(0, at), written.substring(at + 1)));
    }

    /** How the thread is written in requests and replies. */
    public String written() {
        return customer + SEPARATOR + ours;
    }
}
