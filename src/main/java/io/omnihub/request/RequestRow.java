package io.omnihub.request;

import static io.omnihub.platform.NativeRows.instant;

import java.util.UUID;

/**
 * A request read by a plain statement ({@link io.omnihub.platform.SessionSql}): its columns, in the order {@link #of}
 * maps them, and the entity they make, not in any session. The intake's thread lock reads its head so, where Hibernate
 * loaded it by a statement of its own ({@code RequestRowTest} compares the two field by field).
 */
final class RequestRow {

    static final String COLUMNS = "id, version, customer_id, origin_channel, origin_thread_hash, origin_thread_enc,"
            + " status, team, subject_enc, category_enc, created_at, updated_at, last_inbound_at, resolved_at, number,"
            + " assignee, assigned_at, first_response_due, resolution_due, first_response_at,"
            + " first_response_breached_at, resolution_breached_at, handed_off_at, bot_closed_at, survey_due_at,"
            + " survey_sent_at, csat, csat_at";
    /** How many {@link #COLUMNS} there are. */
    static final int COUNT = COLUMNS.split(",").length;

    private RequestRow() {
    }

    /** The request of a row of {@link #COLUMNS}, detached. */
    static Request of(Object[] row) {
        Request r = new Request();
        r.id = (UUID) row[0];
        r.version = (Long) row[1];
        r.customerId = (UUID) row[2];
        r.originChannel = (String) row[3];
        r.originThreadHash = (byte[]) row[4];
        r.originThreadEnc = (byte[]) row[5];
        r.status = RequestStatus.valueOf((String) row[6]);
        r.team = (String) row[7];
        r.subjectEnc = (byte[]) row[8];
        r.categoryEnc = (byte[]) row[9];
        r.createdAt = instant(row[10]);
        r.updatedAt = instant(row[11]);
        r.lastInboundAt = instant(row[12]);
        r.resolvedAt = instant(row[13]);
        r.number = (String) row[14];
        r.assignee = (String) row[15];
        r.assignedAt = instant(row[16]);
        r.firstResponseDue = instant(row[17]);
        r.resolutionDue = instant(row[18]);
        r.firstResponseAt = instant(row[19]);
        r.firstResponseBreachedAt = instant(row[20]);
        r.resolutionBreachedAt = instant(row[21]);
        r.handedOffAt = instant(row[22]);
        r.botClosedAt = instant(row[23]);
        r.surveyDueAt = instant(row[24]);
        r.surveySentAt = instant(row[25]);
        r.csat = (Short) row[26];
        r.csatAt = instant(row[27]);
        return r;
    }
}
