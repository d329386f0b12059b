package io.omnihub.consent;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How a customer wants to be answered: allowed channels in order, "only these", quiet hours, language. */
@Entity
@Table(name = "preference")
public class Preference {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    /** Comma-separated channel ids, most preferred first. */
    @Column(name = "preferred_channels")
    public String preferredChannels;

    @Column(name = "only_preferred")
    public boolean onlyPreferred;

    @Column(name = "quiet_start")
    public LocalTime quietStart;

    @Column(name = "quiet_end")
    public LocalTime quietEnd;

    @Column(name = "time_zone")
    public String timeZone;

    public String language;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public String updatedBy;

    public List<String> preferred() {
        return preferredChannels == null || preferredChannels.isBlank() ? List.of()
                : Arrays.asList(preferredChannels.split(","));
    }
}
