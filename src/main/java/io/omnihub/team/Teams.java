package io.omnihub.team;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Teams as admins describe them. A team that requests name but no admin described works with the defaults: around
 * the clock, no targets, no auto-assignment.
 */
@ApplicationScoped
public class Teams {

    static final int DEFAULT_CAPACITY = 5;
    /** How long another replica may use a team's settings from before an admin changed them. */
    static final Duration CACHED_FOR = Duration.ofSeconds(30);

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    private final Pool db;
    private final Json json;
    private final Clock clock;
    private final Audit audit;

    Teams(Pool db, Json json, Clock clock, Audit audit) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    /** Creates or replaces a team, with its audit entry in one transaction; 422 for settings that do not parse. */
    public Uni<TeamSettings> put(TeamSettings team, String actor) {
        team.businessHours().validate();
        team.targets().validate();
        return db.withTransaction(c -> c.preparedQuery("INSERT INTO team (id, name, business_hours, targets, capacity,"
                + " auto_assign, updated_at) VALUES ($1, $2, $3::text::jsonb, $4::text::jsonb, $5, $6, $7)"
                + " ON CONFLICT (id) DO UPDATE SET name = $2, business_hours = $3::text::jsonb,"
                + " targets = $4::text::jsonb, capacity = $5, auto_assign = $6, updated_at = $7")
                .execute(Tuple.tuple(List.of(team.id(), team.name(), json.write(team.businessHours()),
                        json.write(team.targets()), team.capacity(), team.autoAssign(),
                        clock.instant().atOffset(java.time.ZoneOffset.UTC))))
                .call(() -> audit.record(c, actor, "team.changed", "team", null, Map.of("team", team.id()))))
                .invoke(() -> cache.put(team.id(), new Cached(team, clock.instant())))
                .replaceWith(team);
    }

    /** A described team, or the defaults for an id no admin described. */
    public Uni<TeamSettings> get(String id) {
        return described(List.of(id)).map(found -> found.stream().findFirst().orElse(defaults(id)));
    }

    /** The described teams among these ids, or all of them for null. */
    public Uni<List<TeamSettings>> described(Collection<String> ids) {
        return db.preparedQuery("SELECT id, name, business_hours::text, targets::text, capacity, auto_assign FROM team"
                + " WHERE $1::text[] IS NULL OR id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ids == null ? null : ids.toArray(String[]::new)))
                .map(rows -> {
                    List<TeamSettings> teams = new ArrayList<>();
                    rows.forEach(r -> teams.add(of(r)));
                    return teams;
                });
    }

    /**
     * A team's settings as last read on this replica: the hot path reads them for every new request, inside its
     * transaction. Once a team was read, its settings are answered at once, and read again in the background when
     * older than {@link #CACHED_FOR}; only the first read waits for the database. A caller holding a pooled
     * connection (a transaction) must have read the team once before it began (intake does, through
     * {@code RequestService.prepareFor}): waiting for a second
     * connection while holding one starves the pool once every connection is held by such a caller (seen after
     * PostgreSQL came back from a pause, under load).
     */
    public Uni<TeamSettings> cached(String id) {
        Cached hit = cache.get(id);
        if (hit == null) {
            return get(id).invoke(settings -> cache.put(id, new Cached(settings, clock.instant())));
        }
        if (hit.readAt().plus(CACHED_FOR).isBefore(clock.instant()) && refreshing.add(id)) {
            get(id).subscribe().with(settings -> {
                cache.put(id, new Cached(settings, clock.instant()));
                refreshing.remove(id);
            }, failure -> refreshing.remove(id)); // the old settings serve until the database answers
        }
        return Uni.createFrom().item(hit.settings());
    }

    /**
     * A team's settings if this replica read them before, for a caller in a transaction that cannot wait for a
     * second connection; read in the background when missing or old, for the next caller.
     */
    public Optional<TeamSettings> known(String id) {
        Cached hit = cache.get(id);
        cached(id).subscribe().with(settings -> {
        }, failure -> {
        });
        return Optional.ofNullable(hit).map(Cached::settings);
    }

    private record Cached(TeamSettings settings, Instant readAt) {
    }

    /** The teams whose new requests are assigned round-robin. */
    public Uni<List<TeamSettings>> autoAssigned() {
        return described(null).map(all -> all.stream().filter(TeamSettings::autoAssign).toList());
    }

    public Uni<Optional<TeamSettings>> find(String id) {
        return described(List.of(id)).map(found -> found.stream().findFirst());
    }

    static TeamSettings defaults(String id) {
        return new TeamSettings(id, id, TeamSettings.BusinessHours.ALWAYS, TeamSettings.Targets.NONE, DEFAULT_CAPACITY,
                false);
    }

    private TeamSettings of(Row r) {
        return new TeamSettings(r.getString(0), r.getString(1),
                json.read(r.getString(2), TeamSettings.BusinessHours.class),
                json.read(r.getString(3), TeamSettings.Targets.class), r.getInteger(4), r.getBoolean(5));
    }
}
