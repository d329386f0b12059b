package io.omnihub.request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.Conflicts;
import io.omnihub.platform.Outages;
import io.omnihub.request.RequestHistory.Action;
import io.omnihub.team.Roster;
import io.omnihub.team.TeamSettings;
import io.omnihub.team.Teams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Auto-assignment, for teams whose admins turned it on: requests nobody owns go round-robin to the team's available
 * operators, the one served longest ago first, and never to one who already holds the team's capacity of open
 * requests. One replica at a time assigns a team (a transaction lock per team).
 */
@ApplicationScoped
class AutoAssignment {

    static final String ACTOR = "system:auto-assignment";
    private static final int BATCH = 100;

    private final Teams teams;
    private final Roster roster;
    private final RequestRepository requests;
    private final RequestHistoryRepository history;
    private final Clock clock;

    AutoAssignment(Teams teams, Roster roster, RequestRepository requests, RequestHistoryRepository history,
            Clock clock) {
        this.teams = teams;
        this.roster = roster;
        this.requests = requests;
        this.history = history;
        this.clock = clock;
    }

    @Scheduled(every = "${omnihub.requests.auto-assign-interval:3s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return Outages.untilNextRun(AutoAssignment.class, teams.autoAssigned()
                .chain(described -> Multi.createFrom().iterable(described)
                        .onItem().transformToUniAndConcatenate(this::assign).collect().last())
                .replaceWithVoid());
    }

    /** Assigns what one team's available operators can take now; answers how many requests were assigned. */
    Uni<Integer> assign(TeamSettings team) {
        return roster.roundRobin(team.id()).chain(rotation -> rotation.isEmpty() ? Uni.createFrom().item(0)
                : Conflicts.<List<Assigned>> retried(() -> Panache.withTransaction(() -> requests.tryLockTeam(team.id())
                        .chain(locked -> !locked ? Uni.createFrom().item(List.<Assigned> of())
                                : requests.openByAssignee(rotation).chain(loads -> requests.unassigned(team.id(), BATCH)
                                        .chain(waiting -> give(team, rotation, loads, waiting))))))
                        .call(assigned -> Multi.createFrom().iterable(assigned)
                                .onItem().transformToUniAndConcatenate(a -> roster.served(a.operator(), a.at()))
                                .collect().last())
                        .map(List::size));
    }

    private Uni<List<Assigned>> give(TeamSettings team, List<String> rotation, Map<String, Long> loads,
            List<Request> waiting) {
        Deque<String> turn = new ArrayDeque<>(rotation);
        Map<String, Long> load = new HashMap<>(loads);
        List<Assigned> assigned = new ArrayList<>();
        List<RequestHistory> entries = new ArrayList<>();
        Instant now = clock.instant();
        for (Request r : waiting) {
            String operator = next(turn, load, team.capacity());
            if (operator == null) {
                break; // everyone is at capacity
            }
            // distinct instants keep the round-robin order of this pass for the next one
            Instant at = now.plusNanos(1000L * assigned.size());
            entries.add(RequestHistory.of(r.id, at, ACTOR, Action.ASSIGNED, null, operator));
            r.assignee = operator;
            r.assignedAt = at;
            load.merge(operator, 1L, Long::sum);
            assigned.add(new Assigned(operator, at));
        }
        return entries.isEmpty() ? Uni.createFrom().item(assigned)
                : history.persist(entries).replaceWith(assigned);
    }

    /** The next operator in turn below capacity, moved to the end of the turn; null if none. */
    private static String next(Deque<String> turn, Map<String, Long> load, int capacity) {
        for (int i = 0; i < turn.size(); i++) {
            String candidate = turn.pollFirst();
            turn.addLast(candidate);
            if (load.getOrDefault(candidate, 0L) < capacity) {
                return candidate;
            }
        }
        return null;
    }

    private record Assigned(String operator, Instant at) {
    }
}
