package io.omnihub.team;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.omnihub.channel.ChannelRegistry;
import io.omnihub.platform.Ids;
import io.omnihub.platform.Json;
import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A team's canned responses: text its supervisors write once, with variables ({@code {{customer.name}}},
 * {@code {{request.number}}}) filled in for each request, and a variant per channel where one channel needs shorter
 * words. Each variant fits its channel's maximum length (checked with the longest value a variable is given).
 */
@ApplicationScoped
public class CannedResponses {

    /** The variables a template may use, and the room each is given when lengths are checked. */
    public static final Map<String, Integer> VARIABLES = Map.of("customer.name", 60, "request.number", 8);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z.]+)\\s*}}");

    private final Pool db;
    private final Json json;
    private final ChannelRegistry channels;
    private final Clock clock;

    CannedResponses(Pool db, Json json, ChannelRegistry channels, Clock clock) {
        this.db = db;
        this.json = json;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * A canned response.
     *
     * @param variants text by channel id, used on that channel instead of {@code body}
     * @param approved approved by the team for channels that accept only approved templates
     */
    public record CannedResponse(UUID id, String team, String name, String body, Map<String, String> variants,
            boolean approved) {

        /** The text for a request on {@code channel}, its variables filled in from {@code values}. */
        public String render(String channel, Map<String, String> values) {
            Matcher m = VARIABLE.matcher(variants.getOrDefault(channel, body));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
            }
            return m.appendTail(out).toString();
        }
    }

    /** Adds a template to a team; 400 for an unknown variable or channel, or a variant too long for its channel. */
    public Uni<CannedResponse> create(String team, String name, String body, Map<String, String> variants,
            boolean approved, String actor) {
        check("body", body, null);
        variants.forEach((channel, text) -> check("variants." + channel, text, channel));
        CannedResponse created = new CannedResponse(Ids.next(), team, name, body, Map.copyOf(variants), approved);
        return db.preparedQuery("INSERT INTO canned_response (id, team, name, body, variants, approved, created_by,"
                + " updated_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8) ON CONFLICT (team, name) DO NOTHING")
                .execute(Tuple.tuple(List.of(created.id(), team, name, body, json.write(variants), approved, actor,
                        clock.instant().atOffset(ZoneOffset.UTC))))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ProblemException.conflict("template-exists", "The team has a template named so already");
                    }
                    return created;
                });
    }

    /** A team's templates, by name. */
    public Uni<List<CannedResponse>> of(String team) {
        return db.preparedQuery("SELECT id, team, name, body, variants::text, approved FROM canned_response"
                + " WHERE team = $1 ORDER BY name").execute(Tuple.of(team))
                .map(rows -> {
                    List<CannedResponse> found = new ArrayList<>();
                    rows.forEach(r -> found.add(of(r)));
                    return found;
                });
    }

    /** Removes a template of the team; answers whether there was one. */
    public Uni<Boolean> delete(String team, UUID id) {
        return db.preparedQuery("DELETE FROM canned_response WHERE team = $1 AND id = $2").execute(Tuple.of(team, id))
                .map(rows -> rows.rowCount() > 0);
    }

    private void check(String field, String text, String channel) {
        int room = text.length();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!VARIABLES.containsKey(m.group(1))) {
                throw ProblemException.invalidField(field, "knows only the variables " + VARIABLES.keySet());
            }
            room += VARIABLES.get(m.group(1)) - m.group().length();
        }
        if (channel != null) {
            var target = channels.find(channel)
                    .orElseThrow(() -> ProblemException.invalidField(field, "names no known channel"));
            if (room > target.maxLength()) {
                throw ProblemException.invalidField(field, "is longer than the " + target.maxLength()
                        + " characters " + channel + " carries (variables filled in)");
            }
        }
    }

    private CannedResponse of(Row r) {
        return new CannedResponse(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                json.read(r.getString(4), new TypeReference<Map<String, String>>() {
                }), r.getBoolean(5));
    }
}
