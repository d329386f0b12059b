package io.omnihub.console.http;

import java.util.List;
import java.util.UUID;

import io.omnihub.channel.Channel;
import io.omnihub.consent.ConsentViews;
import io.omnihub.console.ConsentPanel;
import io.omnihub.console.QueueQueries;
import io.omnihub.console.RequestPage;
import io.omnihub.security.Caller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's pages and fragments ({@code templates/console}), shared by its page resources. */
@CheckedTemplate(basePath = "console")
final class ConsoleTemplates {

    private ConsoleTemplates() {
    }

    static native TemplateInstance queue(Caller caller, QueueQueries.Filter filter, List<Channel> channels,
            List<QueueQueries.Item> rows, long waiting, boolean available);

    static native TemplateInstance rows(List<QueueQueries.Item> rows);

    static native TemplateInstance request(Caller caller, RequestPage page, List<Channel> channels);

    static native TemplateInstance timeline(List<RequestPage.Entry> timeline);

    static native TemplateInstance preview(RequestPage.Preview preview);

    static native TemplateInstance consent(UUID customerId, UUID requestId, ConsentPanel consent,
            RequestPage.Permissions may);

    static native TemplateInstance preferences(UUID customerId, UUID requestId, ConsentViews.Preferences preferences,
            RequestPage.Permissions may, List<Channel> channels);

    static native TemplateInstance error(int status, String title, String detail);
}
