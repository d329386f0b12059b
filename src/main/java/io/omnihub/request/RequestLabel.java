package io.omnihub.request;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A label on a request: a short word of the team's own vocabulary, for the queue's filter. */
@Entity
@Table(name = "request_label")
@IdClass(RequestLabel.Key.class)
public class RequestLabel {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Id
    public String label;

    /** The label's identity: its request and its word. */
    public static class Key implements Serializable {

        public UUID requestId;
        public String label;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(requestId, k.requestId) && Objects.equals(label, k.label);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, label);
        }
    }
}
