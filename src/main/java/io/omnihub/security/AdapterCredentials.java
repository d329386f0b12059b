package io.omnihub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Audit;
import io.omnihub.platform.Ids;
import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Adapter credentials: random 256-bit keys, shown once at issue and stored only as a SHA-256 hash. Each adapter is
 * bound to one channel and has at most two valid credentials, so keys rotate without downtime. Revocation reaches
 * this replica at once and the others within {@link #CACHE_TTL}.
 */
@ApplicationScoped
class AdapterCredentials {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int MAX_VALID = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool db;
    private final Clock clock;
    private final Audit audit;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AdapterCredentials(Pool db, Clock clock, Audit audit) {
        this.clock = clock;
        this.db = db;
        this.audit = audit;
    }

    /** A credential as the admin API shows it; the key only when just issued. */
    public record Credential(UUID id, String adapter, String channel, String team, Integer rateLimit,
            List<String> vouches, Instant createdAt, String createdBy, Instant revokedAt, String key) {
    }

    /**
     * @param vouches the identifier kinds (wire names) this adapter vouches for: an app backend that signed its user
     *        in vouches for {@code app_user}, an office system for what staff checked in person
     */
    public Uni<Credential> issue(String adapter, String channel, String team, Integer rateLimit, List<String> vouches,
            String actor) {
        String key = "ohk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        UUID id = Ids.next();
        return db.withTransaction(c -> c.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("adapter|" + adapter))
                .chain(() -> c.preparedQuery("SELECT channel FROM adapter_credential WHERE adapter = $1"
                        + " AND revoked_at IS NULL").execute(Tuple.of(adapter)))
                .chain(rows -> {
                    for (Row row : rows) {
                        if (!row.getString(0).equals(channel)) {
                            return Uni.createFrom().failure(ProblemException.conflict("adapter-channel",
                                    "Adapter " + adapter + " is bound to channel " + row.getString(0)));
                        }
                    }
                    if (rows.size() >= MAX_VALID) {
                        return Uni.createFrom().failure(ProblemException.conflict("too-many-credentials",
                                "An adapter has at most two valid credentials; revoke the older one first"));
                    }
                    return c.preparedQuery("INSERT INTO adapter_credential (id, adapter, channel, team, secret_hash,"
                            + " rate_limit, created_by, vouches) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                            + " RETURNING created_at")
                            .execute(Tuple.tuple().addValue(id).addValue(adapter).addValue(channel).addValue(team)
                                    .addValue(hash(key)).addValue(rateLimit).addValue(actor)
                                    .addValue(vouches.toArray(String[]::new)))
                            .map(r -> new Credential(id, adapter, channel, team, rateLimit, vouches,
                                    r.iterator().next().getOffsetDateTime(0).toInstant(), actor, null, key))
                            .call(() -> audit.record(c, actor, "adapter-credential.issued", "adapter-credential", id,
                                    Map.of("adapter", adapter, "channel", channel, "vouches", vouches)));
                }));
    }

    public Uni<List<Credential>> list(String adapter) {
        return db.preparedQuery("SELECT id, adapter, channel, team, rate_limit, created_at, created_by, revoked_at,"
                + " vouches FROM adapter_credential WHERE adapter = $1 ORDER BY created_at").execute(Tuple.of(adapter))
                .map(rows -> {
                    java.util.ArrayList<Credential> result = new java.util.ArrayList<>();
                    rows.forEach(r -> result.add(new Credential(r.getUUID(0), r.getString(1), r.getString(2),
                            r.getString(3), r.getInteger(4), List.of(r.getArrayOfStrings(8)),
                            instant(r.getOffsetDateTime(5)), r.getString(6), instant(r.getOffsetDateTime(7)), null)));
                    return result;
                });
    }

    public Uni<Void> revoke(String adapter, UUID id, String actor) {
        return db.withTransaction(c -> c.preparedQuery("UPDATE adapter_credential SET revoked_at = $4,"
                + " revoked_by = $3 WHERE id = $1 AND adapter = $2 AND revoked_at IS NULL RETURNING secret_hash")
                .execute(Tuple.of(id, adapter, actor, clock.instant().atOffset(java.time.ZoneOffset.UTC)))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().failure(ProblemException.notFound("Valid credential"))
                        : audit.record(c, actor, "adapter-credential.revoked", "adapter-credential", id,
                                Map.of("adapter", adapter))))
                .invoke(cache::clear);
    }

    /** The valid credential with this key, or null. */
    Uni<Credential> authenticate(String key) {
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(clock.instant())) {
            return Uni.createFrom().item(hit.credential());
        }
        return db.preparedQuery("SELECT id, adapter, channel, team, rate_limit, vouches FROM adapter_credential"
                + " WHERE secret_hash = $1 AND revoked_at IS NULL").execute(Tuple.of(hash(key)))
                .map(rows -> {
                    Credential found = null;
                    for (Row r : rows) {
                        found = new Credential(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getInteger(4), List.of(r.getArrayOfStrings(5)), null, null, null, null);
                    }
                    if (cache.size() > 10_000) {
                        cache.clear();
                    }
                    cache.put(key, new Cached(found, clock.instant().plus(CACHE_TTL)));
                    return found;
                });
    }

    private static io.vertx.core.buffer.Buffer hash(String key) {
        try {
            return io.vertx.core.buffer.Buffer.buffer(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private record Cached(Credential credential, Instant until) {
    }
}
