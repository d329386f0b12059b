package io.omnihub.adapter.office;

import io.omnihub.adapter.common.AdapterSettings;
import io.omnihub.adapter.common.Adapters;
import io.omnihub.adapter.common.InboxAdapter;

/**
 * Reference adapter of the office channel: submits customers' messages through Omnihub's adapter API and delivers
 * replies into the customer inbox. See channels/office/README.md.
 */
public class OfficeAdapter extends InboxAdapter {

    public OfficeAdapter(AdapterSettings settings) {
        super(settings);
    }

    public static void main(String[] args) {
        Adapters.run("office", OfficeAdapter::new);
    }
}
