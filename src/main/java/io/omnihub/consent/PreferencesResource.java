package io.omnihub.consent;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.ProblemException;
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

    static final String LANGUAGE = "[a-z]{2,3}(-[A-Z]{2})?";
    static final String LANGUAGE_MESSAGE = "must be a language tag such as ru or en-GB";

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
        Preference wanted = toPreference(body, channels);
        return visibility.customer(customerId, caller)
                .chain(() -> preferences.replace(customerId, wanted, caller.actor()));
    }

    /** The preferences a body asks for, checked against the channels; a 400 problem names the wrong field. */
    public static Preference toPreference(PreferencesBody body, ChannelRegistry channels) {
        List<String> preferred = body.preferredChannels() == null ? List.of() : body.preferredChannels();
        for (String c : preferred) {
            Channel channel = channels.find(c).orElseThrow(() -> ProblemException.invalidField("preferredChannels",
                    "unknown channel"));
            if (!channel.outbound()) {
                throw ProblemException.invalidField("preferredChannels", "channel '" + c + "' cannot send replies");
            }
        }
        if (preferred.stream().distinct().count() != preferred.size()) {
            throw ProblemException.invalidField("preferredChannels", "must not repeat a channel");
        }
        if (body.onlyPreferred() && preferred.isEmpty()) {
            throw ProblemException.invalidField("onlyPreferred", "needs at least one preferred channel");
        }
        if (body.language() != null && !body.language().matches(LANGUAGE)) {
            throw ProblemException.invalidField("language", LANGUAGE_MESSAGE);
        }
        Preference p = new Preference();
        p.preferredChannels = String.join(",", preferred);
        p.onlyPreferred = body.onlyPreferred();
        p.language = body.language();
        if (body.quietHours() != null) {
            QuietHoursBody q = body.quietHours();
            p.quietStart = time("quietHours.start", q.start());
            p.quietEnd = time("quietHours.end", q.end());
            try {
                p.timeZone = ZoneId.of(q.timeZone()).getId();
            } catch (DateTimeException | NullPointerException e) {
                throw ProblemException.invalidField("quietHours.timeZone", "must be a time zone such as Europe/Moscow");
            }
        }
        return p;
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ProblemException.invalidField(field, "must be a time of day such as 22:00");
        }
    }

    /** Body of a preferences change. */
    public record PreferencesBody(@Size(max = 10) List<@NotNull String> preferredChannels, boolean onlyPreferred,
            @Valid QuietHoursBody quietHours,
            @Pattern(regexp = LANGUAGE, message = LANGUAGE_MESSAGE) String language) {
    }

    /** Quiet hours: sends on channels that respect them wait until {@code end}. */
    public record QuietHoursBody(String start, String end, String timeZone) {
    }
}
