package io.omnihub.console.session;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.omnihub.console.ConsoleConfig;
import io.omnihub.security.Callers;
import io.omnihub.security.LocalIssuer;
import io.omnihub.security.Roles;
import io.omnihub.team.Roster;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Signing in to the console. An operator brings a token from the organisation's identity provider (behind an SSO
 * proxy the {@code Authorization} header carries it and no sign-in is needed); where the local issuer is enabled
 * (the demo, tests, local runs) the page also offers a local sign-in by name, role and team. Either way the token
 * is verified here and kept in an HttpOnly, SameSite=Strict cookie that only {@code /console} receives.
 */
@Path("/console")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    static final String PATH = "/console/sign-in";
    private static final Set<String> CONSOLE_ROLES = Set.of(Roles.OPERATOR, Roles.SUPERVISOR,
            Roles.PRIVACY_OFFICER);

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signIn(boolean local, String error);
    }

    private final JWTParser parser;
    private final LocalIssuer issuer;
    private final ConsoleConfig config;
    private static final Logger LOG = Logger.getLogger(SignInResource.class);
    private static final Duration ROSTER_WAIT = Duration.ofSeconds(2);

    private final Clock clock;
    private final Roster roster;

    public SignInResource(JWTParser parser, LocalIssuer issuer, ConsoleConfig config, Clock clock, Roster roster) {
        this.clock = clock;
        this.roster = roster;
        this.parser = parser;
        this.issuer = issuer;
        this.config = config;
    }

    @GET
    @Path("/sign-in")
    @Operation(hidden = true)
    public TemplateInstance form() {
        return Templates.signIn(issuer.enabled(), null);
    }

    @POST
    @Path("/sign-in")
    @Blocking // verifying a token may fetch the identity provider's keys
    @Operation(hidden = true)
    public Response signIn(@FormParam("token") String token, @FormParam("subject") String subject,
            @FormParam("role") String role, @FormParam("teams") String teams) {
        if (token == null || token.isBlank()) {
            if (!issuer.enabled()) {
                return refused("Paste a token from your identity provider.");
            }
            if (subject == null || !subject.matches("[\\p{L}\\p{N} ._@-]{1,100}") || role == null
                    || !CONSOLE_ROLES.contains(role)) {
                return refused("Give a name and one of the roles operator, supervisor or privacy-officer.");
            }
            List<String> teamList = teams == null ? List.of()
                    : Arrays.stream(teams.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            token = issuer.mint(subject.trim(), List.of(role), teamList, config.localSession());
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token.trim());
        } catch (ParseException e) {
            return refused("This token is not valid here (signature, issuer or expiry).");
        }
        if (jwt.getGroups().stream().noneMatch(CONSOLE_ROLES::contains)) {
            return refused("This token has no console role (operator, supervisor or privacy-officer).");
        }
        // the roster records the operator; a database away for the moment does not keep them out
        roster.signedIn(jwt.getName(), Callers.teams(jwt)).ifNoItem().after(ROSTER_WAIT).fail()
                .onFailure().invoke(e -> LOG.warnf("the roster did not record the sign-in of %s: %s", jwt.getName(), e))
                .onFailure().recoverWithNull().await().indefinitely();
        long seconds = Math.max(0, jwt.getExpirationTime() - clock.instant().getEpochSecond());
        return Response.seeOther(URI.create("/console")).cookie(cookie(token.trim(), Duration.ofSeconds(seconds)))
                .build();
    }

    @POST
    @Path("/sign-out")
    @Operation(hidden = true)
    public Response signOut() {
        return Response.seeOther(URI.create(PATH)).cookie(cookie("", Duration.ZERO)).build();
    }

    private NewCookie cookie(String value, Duration maxAge) {
        return new NewCookie.Builder(SessionCookieMechanism.COOKIE)
                .value(value)
                .path(SessionCookieMechanism.PATH)
                .httpOnly(true)
                .secure(config.secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()))
                .build();
    }

    private Response refused(String why) {
        return Response.status(401).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.signIn(issuer.enabled(), why).render()).build();
    }
}
