package io.omnihub.team.http;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.ProblemException;
import io.omnihub.security.Caller;
import io.omnihub.security.Callers;
import io.omnihub.security.Roles;
import io.omnihub.team.Roster;
import io.omnihub.team.TeamSettings;
import io.omnihub.team.Teams;
import io.smallrye.mutiny.Uni;

/** Admins describe teams; staff read the teams they work in, supervisors their rosters. */
@Path("/api/v1/teams")
@Tag(name = "Teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final Teams teams;
    private final Roster roster;
    private final Callers callers;

    public TeamResource(Teams teams, Roster roster, Callers callers) {
        this.teams = teams;
        this.roster = roster;
        this.callers = callers;
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create or replace a team: name, business hours, targets, capacity, auto-assignment")
    public Uni<TeamSettings> put(@PathParam("id") String id, @Valid @NotNull TeamBody body) {
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw ProblemException.invalidField("id", "lower-case letters, digits, '-' and '_', at most 64");
        }
        return teams.put(new TeamSettings(id, body.name(),
                body.businessHours() == null ? TeamSettings.BusinessHours.ALWAYS : body.businessHours().settings(),
                body.targets() == null ? TeamSettings.Targets.NONE : body.targets().settings(),
                body.capacity() == null ? 5 : body.capacity(), Boolean.TRUE.equals(body.autoAssign())),
                callers.current().actor());
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
    @Operation(summary = "The described teams the caller works in (admins and privacy officers: all)")
    public Uni<List<TeamSettings>> list() {
        Caller caller = callers.current();
        return teams.described(sees(caller, null) ? null : caller.teams());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER })
    public Uni<TeamSettings> get(@PathParam("id") String id) {
        if (!sees(callers.current(), id)) {
            throw ProblemException.notFound("Team");
        }
        return teams.get(id);
    }

    @GET
    @Path("/{id}/operators")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR })
    @Operation(summary = "The team's operators, those available first")
    public Uni<List<Roster.Member>> operators(@PathParam("id") String id) {
        if (!sees(callers.current(), id)) {
            throw ProblemException.notFound("Team");
        }
        return roster.of(id);
    }

    /** Admins see every team; staff the teams of their token (null: every team). */
    private static boolean sees(Caller caller, String team) {
        return caller.has(Roles.ADMIN) || (team == null ? caller.seesAllTeams() : caller.sees(team));
    }

    /** A team as admins send it. */
    public record TeamBody(@NotBlank @Size(max = 200) String name, @Valid Hours businessHours, @Valid TargetsBody targets,
            @Positive @Max(1000) Integer capacity, Boolean autoAssign) {
    }

    /** Business hours as sent: weekly intervals such as {@code "09:00-18:00"} by day, holidays as dates. */
    public record Hours(@NotBlank @Size(max = 64) String timeZone,
            @Size(max = 7) Map<DayOfWeek, @Size(max = 8) List<@NotNull String>> weekly,
            @Size(max = 366) List<@NotNull LocalDate> holidays) {

        TeamSettings.BusinessHours settings() {
            return new TeamSettings.BusinessHours(timeZone, weekly == null ? Map.of() : weekly,
                    holidays == null ? List.of() : holidays);
        }
    }

    /** Targets as sent: ISO-8601 durations by channel or priority, {@code default} for the rest. */
    public record TargetsBody(@Size(max = 32) Map<String, Duration> firstResponse,
            @Size(max = 32) Map<String, Duration> resolution) {

        TeamSettings.Targets settings() {
            return new TeamSettings.Targets(firstResponse == null ? Map.of() : firstResponse,
                    resolution == null ? Map.of() : resolution);
        }
    }
}
