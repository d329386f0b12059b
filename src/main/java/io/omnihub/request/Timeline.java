package io.omnihub.request;

import java.util.List;
import java.util.UUID;

/** Everything a customer said and was told, across every channel, in time order. */
public record Timeline(UUID customerId, List<RequestSummary> requests, List<MessageView> messages) {
}
