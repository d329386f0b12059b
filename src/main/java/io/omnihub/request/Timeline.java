package io.omnihub.request;

import java.util.List;
import java.util.UUID;

/**
 * Everything a customer said and was told, across every channel, in time order; and the operators' internal notes on
 * those requests, apart.
 */
public record Timeline(UUID customerId, List<RequestSummary> requests, List<MessageView> messages,
        List<RequestNote.View> notes) {
}
