package io.omnihub.adapter.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reference adapter of a channel with a customer inbox (web, app, office): it submits what customers write,
 * and delivers replies into the inbox.
 */
public class InboxAdapter implements AutoCloseable {

    protected final AdapterSettings settings;
    protected final Hub hub;
    protected final Inbox inbox = new Inbox();
    private final ReplyLoop loop;

    public InboxAdapter(AdapterSettings settings) {
        this.settings = settings;
        this.hub = new Hub(settings);
        hub.preflight();
        this.loop = new ReplyLoop(settings, hub, "adapter-" + settings.channel(), this::deliver, inbox::erase);
    }

    /** Submits what a customer wrote (the adapter API's JSON). */
    public JsonNode submit(Object message) {
        return hub.submit(message);
    }

    /** Omnihub's hub client, for verifications a site or app asks for. */
    public Hub hub() {
        return hub;
    }

    protected String deliver(ReplyCommand reply) throws Exception {
        return inbox.put(reply);
    }

    public Inbox inbox() {
        return inbox;
    }

    @Override
    public void close() {
        loop.close();
    }
}
