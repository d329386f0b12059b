package io.omnihub.faults;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks what clients were told about their intakes against the database. An acknowledged (2xx) intake must be
 * complete (receipt, one message, request and outbox rows) under the very ids the answer gave; an unacknowledged one
 * must be all there or not there at all, never half; and no external id may have two messages.
 */
record IntakeAudit(int acknowledged, List<String> lost, List<String> otherIds, int unacknowledged, int absent,
        int completeWithoutAnswer, List<String> halfPresent, List<String> duplicated) {

    /** @param answers the final answer each intake got, by {@code channel/externalId} */
    static IntakeAudit of(Store store, Instant since, Map<String, Answer> answers) throws SQLException {
        Map<String, Store.Intake> stored = store.intakes(answers.keySet(), since);
        int acknowledged = 0;
        int unacknowledged = 0;
        int absent = 0;
        int completeWithoutAnswer = 0;
        List<String> lost = new ArrayList<>();
        List<String> otherIds = new ArrayList<>();
        List<String> half = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (var entry : answers.entrySet()) {
            Store.Intake intake = stored.get(entry.getKey());
            Answer answer = entry.getValue();
            if (intake.messages() > 1) {
                duplicated.add(entry.getKey() + " (" + intake.messages() + " messages)");
            }
            if (answer.ok()) {
                acknowledged++;
                if (!intake.complete()) {
                    lost.add(entry.getKey() + " " + intake);
                } else if (!Objects.equals(answer.field("requestId"), intake.requestId())
                        || !Objects.equals(answer.field("messageId"), intake.messageId())) {
                    otherIds.add(entry.getKey() + ": told " + answer.field("messageId") + ", stored " + intake.messageId());
                }
            } else {
                unacknowledged++;
                if (intake.absent()) {
                    absent++;
                } else if (intake.complete()) {
                    completeWithoutAnswer++;
                } else {
                    half.add(entry.getKey() + " " + intake);
                }
            }
        }
        return new IntakeAudit(acknowledged, lost, otherIds, unacknowledged, absent, completeWithoutAnswer, half,
                duplicated);
    }

    Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acknowledged", acknowledged);
        m.put("acknowledgedLost", lost.size());
        m.put("acknowledgedWithOtherIds", otherIds.size());
        m.put("unacknowledged", unacknowledged);
        m.put("unacknowledgedAbsent", absent);
        m.put("unacknowledgedComplete", completeWithoutAnswer);
        m.put("halfPresent", halfPresent.size());
        m.put("duplicates", duplicated.size());
        return m;
    }
}
