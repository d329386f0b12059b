package io.omnihub.platform;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Something that happened, published on {@code omnihub.events} through the outbox after its transaction commits.
 * Implementations are past-tense records, listed in each feature's {@code …Events}; the record's components are the
 * event's data, serialised as JSON, and carry ids and metadata only, never personal data.
 */
public interface DomainEvent {

    /** Its CloudEvents type, and the aggregate it is about (its id is the Kafka key, so such events stay in order). */
    @JsonIgnore
    Meta meta();

    /** {@code type} such as {@code request.created}; {@code aggregateType} such as {@code request} or {@code message}. */
    record Meta(String type, String aggregateType, UUID aggregateId) {
    }
}
