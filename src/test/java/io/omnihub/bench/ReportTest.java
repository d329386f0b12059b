package io.omnihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's verdicts that a run's own figures could get wrong. */
class ReportTest {

    private static ReplyLatency.Result replies(double offered, double p99, long failed, long missing) {
        OpenLoad.Step api = new OpenLoad.Step("replies", offered, offered, 1_000, failed, 5, p99, p99, p99,
                failed == 0 ? Map.of() : Map.of("The timeout of 10000 ms has been exceeded", (int) failed), 1,
                Double.NaN, null);
        return new ReplyLatency.Result(api, 5, p99, p99, 1_000, missing, 0, 0.1);
    }

    @Test
    void replyCallsThatFailedFailTheRepliesTarget() {
        // run 20261207-021513: 1,351 calls given up by the generator, never sent, so none of their replies missing
        Results.Target failed = Report.replies(replies(500, 30, 1_351, 0));
        assertThat(failed.pass()).isFalse();
        assertThat(failed.measured()).contains("1,351 calls failed");

        assertThat(Report.replies(replies(500, 30, 0, 0)).pass()).isTrue();
        assertThat(Report.replies(replies(500, 30, 0, 1)).pass()).isFalse();
        assertThat(Report.replies(replies(500, 51, 0, 0)).pass()).isFalse();
        assertThat(Report.replies(replies(250, 30, 0, 0)).verdict()).isEqualTo("NOT MEASURED");
    }
}
