package io.omnihub.intake.http;

import jakarta.validation.constraints.Size;

/** What a channel knows about the customer. At least one identifier (not the name) is required. */
public record CustomerIdentifiers(
        @Size(max = 64) String phone,
        @Size(max = 254) String email,
        @Size(max = 200) String appUserId,
        @Size(max = 200) String webVisitorId,
        @Size(max = 200) String officeCard,
        @Size(max = 200) String botUserId,
        @Size(max = 200) String name) {
}
