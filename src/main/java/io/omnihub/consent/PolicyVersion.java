package io.omnihub.consent;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A read-only view of the customer row's policy version, which every preference or consent change bumps. */
@Entity
@Immutable
@Table(name = "customer")
public class PolicyVersion {

    @Id
    public UUID id;

    @Column(name = "policy_version")
    public long policyVersion;
}
