package io.omnihub.adapter.web;

import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.InboxAdapter;

/**
 * Reference adapter of the web channel: submits customers' messages through Omnihub's adapter API and delivers
 * replies into the customer inbox. See channels/web/README.md.
 */
public class WebAdapter extends InboxAdapter {

    public WebAdapter(AdapterSettings settings) {
        super(settings);
    }

    public static void main(String[] args) {
        Adapters.run("web", WebAdapter::new);
    }
}
