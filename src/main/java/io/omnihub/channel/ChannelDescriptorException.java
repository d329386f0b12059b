package io.omnihub.channel;

/** A channel descriptor is missing or invalid; the message names the file and the field. */
public class ChannelDescriptorException extends RuntimeException {

    public ChannelDescriptorException(String source, String problem) {
        super("Invalid channel descriptor " + source + ": " + problem);
    }
}
