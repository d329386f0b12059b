package io.omnihub.intake;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.omnihub.platform.Production;
import io.quarkus.runtime.StartupEvent;

/**
 * SMS gateways sign the URL they called. Behind a TLS ingress that is not the URL Omnihub receives, so in production,
 * with SMS accounts configured, the public base URL must be set: without it every signature would fail, and every
 * text would be refused. Start-up says so rather than the first customer.
 */
@ApplicationScoped
class SmsAccountsCheck {

    private final IntakeConfig config;

    SmsAccountsCheck(IntakeConfig config) {
        this.config = config;
    }

    void refuseUnsafe(@Observes StartupEvent event) {
        if (config.smsAccounts().isEmpty() || !Production.active()) {
            return;
        }
        String base = config.publicBaseUrl().orElseThrow(() -> Production.unsafe("OMNIHUB_INTAKE_PUBLIC_BASE_URL",
                "must be set when SMS accounts are configured: the gateway signs the public URL it calls"
                        + " (https://<host>, up to and excluding /webhooks)"));
        URI url;
        try {
            url = URI.create(base);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw Production.unsafe("OMNIHUB_INTAKE_PUBLIC_BASE_URL",
                    "must be an https URL (https://<host>, up to and excluding /webhooks)");
        }
    }
}
