package io.omnihub.platform;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.RedisPubSubMessage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis as DESIGN.md wants it: an accelerator, never a dependency. Every command goes through one guard, a short
 * timeout ({@code omnihub.redis.timeout}, 200 ms) and a circuit breaker, so a slow or paused Redis costs a caller at
 * most the timeout, and nothing at all once the breaker is open. Each caller chooses its own fallback (PostgreSQL,
 * a per-replica limit). A probe pings every second, so the breaker notices an outage and a recovery without
 * traffic; {@link #available()} and the gauge {@code omnihub_dependency_up{dependency="redis"}} say whether Redis is
 * in use.
 */
@ApplicationScoped
public class RedisGuard {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);
    private static final TypeLiteral<Uni<Response>> RESPONSE = new TypeLiteral<>() {
    };

    private final ReactiveRedisDataSource redis;
    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final List<Runnable> recoveries = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public RedisGuard(ReactiveRedisDataSource redis, ConnectionConfig.Redis config, MeterRegistry registry) {
        this.redis = redis;
        this.guard = Guard.create().withDescription("redis")
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(8).failureRatio(0.5).successThreshold(2)
                .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .onStateChange(this::changed)
                .done()
                .build();
        Gauge.builder("omnihub.dependency.up", this, g -> g.available() ? 1 : 0).tag("dependency", "redis")
                .description("1 while the dependency is in use, 0 while Omnihub works around it")
                .register(registry);
    }

    /** A Redis command, bounded by the timeout and the breaker: it fails fast rather than wait for Redis. */
    public Uni<Response> execute(String command, String... args) {
        return guard.get(() -> redis.execute(command, args), RESPONSE);
    }

    /** Whether Redis answers: false from the moment the breaker opens until it has closed again. */
    public boolean available() {
        return state.get() == CircuitBreakerState.CLOSED;
    }

    /** Runs {@code task} every time Redis is back after an outage (the breaker closed again). */
    public void onRecovery(Runnable task) {
        recoveries.add(task);
    }

    /**
     * Hands every message of a pub/sub channel to {@code handler} for the life of the application. A subscription
     * can die without a word (its stream said nothing when Redis restarted: a replica then missed every notice for
     * good, {@code PolicyCacheEpochTest} after {@code HealthTest}'s restart; nor when its connection was killed,
     * {@code LiveFeedTest}), so it is made again whenever Redis answers again, and whenever it did not hear its own
     * echo ({@link #checkListeners}). The handler takes one message at a time, even while a renewed subscription
     * overlaps the old one; a message it fails on is skipped, the subscription kept. {@code what} names it in the log.
     */
    public void listen(String channel, Consumer<String> handler, String what) {
        Listener listener = new Listener(channel, "omnihub:echo:" + UUID.randomUUID(), handler, what);
        listener.subscribe();
        onRecovery(listener::subscribe);
        listeners.add(listener);
    }

    /**
     * Every {@code omnihub.redis.listen-check-interval}, each subscription of {@link #listen} is sent an echo on a
     * channel of its own, which the same SUBSCRIBE joined: one sent at the last check and not heard since means the
     * subscription is dead (a restart too short to open the breaker, a connection killed or dropped), and it is made
     * again.
     */
    @Scheduled(every = "${omnihub.redis.listen-check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> checkListeners() {
        if (!available()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(listeners).onItem().transformToUniAndConcatenate(l -> {
            if (l.sent.get() > l.heard.get()) {
                LOG.warnf("%s subscription did not hear its echo: subscribing again", l.what);
                l.subscribe();
                return Uni.createFrom().voidItem();
            }
            long next = l.sent.get() + 1;
            return execute("PUBLISH", l.echo, Long.toString(next)).invoke(() -> l.sent.set(next)).replaceWithVoid()
                    .onFailure().recoverWithNull();
        }).collect().last().replaceWithVoid();
    }

    /** A subscription of {@link #listen}, and the echoes sent and heard on its own channel. */
    private final class Listener {

        final String channel;
        final String echo;
        final Consumer<String> handler;
        final String what;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong heard = new AtomicLong();
        private final AtomicReference<Cancellable> current = new AtomicReference<>();

        Listener(String channel, String echo, Consumer<String> handler, String what) {
            this.channel = channel;
            this.echo = echo;
            this.handler = handler;
            this.what = what;
        }

        /** Subscribes anew, then cancels the subscription before it: a moment of overlap, never a gap. */
        void subscribe() {
            heard.set(sent.get()); // what the old subscription missed is not held against the new one
            Cancellable before = current.getAndSet(redis.pubsub(String.class).subscribeAsMessages(channel, echo)
                    .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                    .subscribe().with(this::received,
                            e -> LOG.warnf("%s subscription ended: %s", what, e.getMessage())));
            if (before != null) {
                before.cancel();
            }
        }

        private synchronized void received(RedisPubSubMessage<String> message) {
            if (echo.equals(message.getChannel())) {
                heard.accumulateAndGet(Long.parseLong(message.getPayload()), Math::max);
                return;
            }
            try {
                handler.accept(message.getPayload());
            } catch (RuntimeException e) { // a message no replica sends, say
                LOG.warnf("%s: a message skipped: %s", what, e.getMessage());
            }
        }
    }

    @Scheduled(every = "${omnihub.redis.probe-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> probe() {
        return execute("PING").replaceWithVoid().onFailure().recoverWithNull();
    }

    private void changed(CircuitBreakerState next) {
        CircuitBreakerState before = state.getAndSet(next);
        if (next == CircuitBreakerState.OPEN && before == CircuitBreakerState.CLOSED) {
            LOG.warn("Redis is not answering in time: working without it (idempotency and policies from PostgreSQL,"
                    + " per-replica rate limits, live console updates paused)");
        } else if (next == CircuitBreakerState.CLOSED && before != CircuitBreakerState.CLOSED) {
            LOG.info("Redis answers again: back in use");
            recoveries.forEach(Runnable::run);
        }
    }
}
