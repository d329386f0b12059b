package io.omnihub.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestStatusTest {

    @ParameterizedTest
    @CsvSource({
            "NEW, OPEN, true",
            "OPEN, WAITING_CUSTOMER, true",
            "WAITING_CUSTOMER, RESOLVED, true",
            "RESOLVED, CLOSED, true",
            "RESOLVED, OPEN, true",
            "CLOSED, OPEN, false",
            "CLOSED, NEW, false",
            "OPEN, NEW, false",
            "RESOLVED, WAITING_CUSTOMER, false"
    })
    void lifecycleTransitions(RequestStatus from, RequestStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }
}
