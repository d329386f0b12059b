package io.omnihub.consent;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.security.Visibility;
import io.smallrye.mutiny.Uni;

/** A customer's channel preferences: allowed channels in order, "only these", quiet hours, language. */
@Path("/api/v1/customers/{id}/preferences")
@Tag(name = "Consent and preferences")
@RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
@Produces(MediaType.APPLICATION_JSON)
public class PreferencesResource {

    private final PreferenceService preferences;
    private final ChannelRegistry channels;
    private final Callers callers;
    private final Visibility visibility;

    public PreferencesResource(PreferenceService preferences, ChannelRegistry channels, Callers callers,
            Visibility visibility) {
        this.preferences = preferences;
        this.channels = channels;
        this.callers = callers;
        this.visibility = visibility;
    }

    @GET
    public Uni<ConsentViews.Preferences> get(@PathParam("id") String id) {
        UUID customerId = io.omnihub.platform.Ids.parse("id", id);
        return visibility.customer(customerId, callers.current()).chain(() -> preferences.get(customerId));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OPERATOR, Roles.SUPERVISOR })
    public Uni<ConsentViews.Preferences> replace(@PathParam("id") String id, @Valid @NotNull PreferencesBody body) {
        UUID customerId = io.omnihub.platform.Ids.parse("id", id);
        Caller caller = callers.current();
        WantedPreferences wanted = PreferenceBodies.wanted(body, channels);
        return visibility.customer(customerId, caller)
                .chain(() -> preferences.replace(customerId, wanted, caller.actor()));
    }

    /** Body of a preferences change. */
    public record PreferencesBody(@Size(max = 10) List<@NotNull String> preferredChannels, boolean onlyPreferred,
            @Valid QuietHoursBody quietHours,
            @Pattern(regexp = PreferenceBodies.LANGUAGE, message = PreferenceBodies.LANGUAGE_MESSAGE) String language) {
    }

    /** Quiet hours: sends on channels that respect them wait until {@code end}. */
    public record QuietHoursBody(String start, String end, String timeZone) {
    }
}
