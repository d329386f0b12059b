package io.omnihub.team;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The roster of operators: each is recorded at first sign-in with the teams of their token, kept current at every
 * sign-in after, and sets themselves available or away. Nobody is available until they say so.
 */
@ApplicationScoped
public class Roster {

    private static final String COLUMNS = "subject, teams, available, first_seen_at, last_seen_at";

    private final Pool db;
    private final Clock clock;

    Roster(Pool db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** An operator on the roster. */
    public record Member(String subject, Set<String> teams, boolean available, Instant firstSeenAt,
            Instant lastSeenAt) {

        public boolean in(String team) {
            return teams.contains(team) || teams.contains("*");
        }
    }

    /** Records a sign-in: the operator joins the roster, or their teams are brought up to date. */
    public Uni<Member> signedIn(String subject, Set<String> teams) {
        return db.preparedQuery("INSERT INTO operator (subject, teams, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $3)"
                + " ON CONFLICT (subject) DO UPDATE SET teams = $2, last_seen_at = $3 RETURNING " + COLUMNS)
                .execute(Tuple.of(subject, teams.toArray(String[]::new), clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> member(rows.iterator().next()));
    }

    /** Sets an operator on the roster available or away; empty if they never signed in. */
    public Uni<Optional<Member>> setAvailable(String subject, boolean available) {
        return db.preparedQuery("UPDATE operator SET available = $2 WHERE subject = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(subject, available))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(member(rows.iterator().next())));
    }

    public Uni<Optional<Member>> find(String subject) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM operator WHERE subject = $1").execute(Tuple.of(subject))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(member(rows.iterator().next())));
    }

    /** The operators of a team, those available first, then by subject. */
    public Uni<List<Member>> of(String team) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM operator WHERE teams && ARRAY[$1, '*']"
                + " ORDER BY available DESC, subject").execute(Tuple.of(team))
                .map(rows -> {
                    List<Member> members = new ArrayList<>();
                    rows.forEach(r -> members.add(member(r)));
                    return members;
                });
    }

    /**
     * The available operators of a team in round-robin order: the one served longest ago (or never) first. Only
     * auto-assignment reads this.
     */
    public Uni<List<String>> roundRobin(String team) {
        return db.preparedQuery("SELECT subject FROM operator WHERE available AND teams && ARRAY[$1, '*']"
                + " ORDER BY last_assigned_at NULLS FIRST, subject").execute(Tuple.of(team))
                .map(rows -> {
                    List<String> subjects = new ArrayList<>();
                    rows.forEach(r -> subjects.add(r.getString(0)));
                    return subjects;
                });
    }

    /** Auto-assignment gave this operator a request at {@code at}: they go to the end of the round. */
    public Uni<Void> served(String subject, Instant at) {
        return db.preparedQuery("UPDATE operator SET last_assigned_at = greatest(last_assigned_at, $2) WHERE subject = $1")
                .execute(Tuple.of(subject, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    private static Member member(Row r) {
        return new Member(r.getString(0), Set.copyOf(Arrays.asList(r.getArrayOfStrings(1))), r.getBoolean(2),
                r.getOffsetDateTime(3).toInstant(), r.getOffsetDateTime(4).toInstant());
    }
}
