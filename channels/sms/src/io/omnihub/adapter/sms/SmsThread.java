package io.omnihub.adapter.sms;

/**
 * An SMS conversation as Omnihub writes it in a reply's {@code to.value} of kind {@code thread}:
 * {@code <customer number>><our number>} (channels/contract/reply-command.schema.json).
 */
record SmsThread(String customer, String ours) {

    static SmsThread parse(String written) {
        int at = written.indexOf('>');
        if (at <= 0 || at == written.length() - 1) {
            throw new IllegalArgumentException("not an SMS thread: " + written);
        }
        return new SmsThread(written.substring(0, at), written.substring(at + 1));
    }
}
