package io.omnihub.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What one event adds to the rollups, and how histograms and CSV read: no database needed. */
class RollupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-07T10:42:13Z");

    private static List<Rollups.Row> rows(String type, String data) throws Exception {
        return Rollups.of(new Rollups.Event(UUID.randomUUID(), type, AT, JSON.readTree(data)));
    }

    private static List<String> keys(List<Rollups.Row> rows) {
        return rows.stream().map(r -> r.team() + "|" + r.channel() + "|" + r.operator() + "|" + r.metric() + "|"
                + r.dim()).toList();
    }

    @Test
    void aRequestOnASecondChannelCountsASwitchARepeatAndAMultichannelCustomer() throws Exception {
        List<Rollups.Row> rows = rows("request.created", "{\"channel\":\"office\",\"team\":\"care\",\"withBot\":false,"
                + "\"firstUseOfChannel\":true,\"channelsUsed\":2,\"switchedFrom\":\"sms\",\"repeatOf\":\"sms\"}");
        assertThat(keys(rows)).containsExactly("care|office||requests|people", "care|office||multichannel|",
                "care|office||switch|sms", "care|office||repeat|sms");
        assertThat(rows).allSatisfy(r -> assertThat(r.hour()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z")));
    }

    @Test
    void aFallbackCountsOnTheOriginChannelWithItsReasonsAndOutOnTheChosenOne() throws Exception {
        assertThat(keys(rows("reply.routed", "{\"channel\":\"sms\",\"originChannel\":\"office\",\"team\":\"care\","
                + "\"operator\":\"bob\",\"outcome\":\"ROUTED\",\"fallback\":true,"
                + "\"reasons\":[\"CONSENT_WITHDRAWN\",\"NO_CONTACT_POINT\"]}")))
                .containsExactly("care|sms|bob|out|ROUTED", "care|office|bob|reply_fallback|sms",
                        "care|office|bob|fallback_reason|CONSENT_WITHDRAWN",
                        "care|office|bob|fallback_reason|NO_CONTACT_POINT");
        assertThat(keys(rows("reply.routed", "{\"channel\":\"sms\",\"originChannel\":\"sms\",\"team\":\"care\","
                + "\"operator\":\"\",\"outcome\":\"DEFERRED\",\"fallback\":false,\"reasons\":[]}")))
                .containsExactly("care|sms||out|DEFERRED", "care|sms||reply_deferred|", "care|sms||reply_origin|");
    }

    @Test
    void timesFallInTheirBucketsAndEventsWithoutFiguresAddNothing() throws Exception {
        assertThat(keys(rows("request.first-response", "{\"team\":\"care\",\"channel\":\"web\",\"operator\":\"ann\","
                + "\"seconds\":61}"))).containsExactly("care|web|ann|first_response|120");
        assertThat(keys(rows("request.status-changed", "{\"team\":\"care\",\"channel\":\"web\",\"assignee\":\"ann\","
                + "\"status\":\"RESOLVED\",\"resolutionSeconds\":700000}")))
                .containsExactly("care|web|ann|resolution|inf");
        assertThat(rows("customer.erased", "{\"customerId\":\"" + UUID.randomUUID() + "\"}")).isEmpty();
        assertThat(rows("request.status-changed", "{\"team\":\"care\",\"status\":\"OPEN\"}")).isEmpty();
    }

    @Test
    void percentilesReadTheUpperBoundOfTheirBucketAndNothingPastAWeek() {
        Map<Long, Long> buckets = new TreeMap<>(Map.of(600L, 1L, 1_800L, 1L, 3_600L, 1L, 7_200L, 1L));
        assertThat(Figures.percentile(buckets, 4, 0.5)).isEqualTo(1_800L);
        assertThat(Figures.percentile(buckets, 4, 0.9)).isEqualTo(7_200L);
        Map<Long, Long> long_ = new TreeMap<>(Map.of(60L, 1L, Long.MAX_VALUE, 3L));
        assertThat(Figures.percentile(long_, 4, 0.5)).as("over a week").isNull();
        assertThat(Buckets.of(30)).isEqualTo("30");
        assertThat(Buckets.of(31)).isEqualTo("60");
        assertThat(Buckets.of(604_801)).isEqualTo(Buckets.OVER);
    }

    @Test
    void windowsWidenToWholePeriodsAndWeeksRunMondayToMonday() {
        Figures.Query week = Figures.Query.parse("2026-12-02T10:15:00Z", "2026-12-03T10:00:00Z", "week", null, null,
                null, null, AT);
        assertThat(week.from()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(week.to()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        Figures.Query day = Figures.Query.parse("2026-12-02T10:15:00Z", "2026-12-03T10:00:00Z", null, null, null,
                null, null, AT);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        Figures.Query hour = Figures.Query.parse("2026-12-02T10:15:00Z", "2026-12-03T10:00:00Z", "hour", "channel",
                null, null, null, AT);
        assertThat(hour.from()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(hour.to()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(hour.by()).containsExactly("channel");
    }

    @Test
    void csvQuotesCellsAndDefusesFormulas() {
        String csv = Figures.csv(List.of(new Figures.Figure(AT, "in", "CUSTOMER", "=cmd|' /C calc'!A0", "sms", null,
                3L), new Figures.Figure(AT, "first_response.p50", "", "a,b", null, null, null),
                new Figures.Figure(AT, "in", "x\ny\nz", "t", null, "\tx", 1L)));
        assertThat(csv).isEqualTo("period,metric,dim,team,channel,operator,value\n"
                + "2026-12-07T10:42:13Z,in,CUSTOMER,'=cmd|' /C calc'!A0,sms,,3\n"
                + "2026-12-07T10:42:13Z,first_response.p50,,\"a,b\",,,\n"
                + "2026-12-07T10:42:13Z,in,\"x\ny\nz\",t,,'\tx,1\n");
    }
}
