package io.omnihub.adapter.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The data of a {@code customer.erased} event on {@code omnihub.events}: forget every profile listed. The contract is
 * {@code channels/contract/customer-erased.schema.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerErased(String customerId, List<String> mergedProfiles, String actId) {
}
