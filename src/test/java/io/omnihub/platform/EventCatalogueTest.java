package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events on {@code omnihub.events}: every {@link DomainEvent} is a record registered for reflection (the native
 * image serialises it), has a type of its own, and is written as exactly its components, with ids as strings and
 * times as ISO-8601; the types DESIGN.md promises consumers all exist; the README documents each with exactly its fields.
 */
class EventCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Set<String> PROMISED = Set.of("request.created", "message.received", "reply.routed",
            "reply.held", "reply.delivered", "reply.failed", "consent.changed", "customer.merged", "customer.erased");

    @Test
    void everyEventIsARecordWithATypeOfItsOwnWrittenAsItsComponents() throws Exception {
        List<Class<?>> events = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omnihub")) {
            if (c.isAssignableTo(DomainEvent.class) && !c.isInterface()) {
                events.add(c.reflect());
            }
        }
        assertThat(events).as("events found").hasSizeGreaterThanOrEqualTo(PROMISED.size());
        Map<String, String> types = new HashMap<>();
        Map<String, Set<String>> documented = new TreeMap<>();
        for (Class<?> type : events) {
            assertThat(type.isRecord()).as("%s is a record", type.getName()).isTrue();
            assertThat(type.isAnnotationPresent(RegisterForReflection.class))
                    .as("%s is registered for reflection (native serialisation)", type.getName()).isTrue();
            DomainEvent event = (DomainEvent) sample(type);
            DomainEvent.Meta meta = event.meta();
            assertThat(meta.type()).as("%s's type", type.getName()).matches("[a-z]+\\.[a-z-]+");
            assertThat(meta.aggregateType()).as("%s's aggregate type", type.getName()).isNotBlank();
            assertThat(meta.aggregateId()).as("%s's aggregate id", type.getName()).isNotNull();
            String other = types.put(meta.type(), type.getName());
            assertThat(other).as("%s's type %s, also the type of", type.getName(), meta.type()).isNull();

            JsonNode written = JSON.valueToTree(event);
            Set<String> expected = new TreeSet<>();
            for (RecordComponent component : type.getRecordComponents()) {
                // Jackson's annotations on a component reach its accessor, not the component itself
                if (!component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                    JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
                    expected.add(renamed == null ? component.getName() : renamed.value());
                }
            }
            Set<String> fields = new TreeSet<>();
            written.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("%s written as its components, nothing more", type.getName()).isEqualTo(expected);
            documented.put(meta.type(), expected);
        }
        assertThat(types.keySet()).as("the event types DESIGN.md lists for consumers").containsAll(PROMISED);
        assertThat(readme()).as("the README's table of events, against the producers").isEqualTo(documented);
    }

    /** The README's "Events on omnihub.events" table: each type with the fields it lists. */
    private static Map<String, Set<String>> readme() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Events on `omnihub.events`"));
        section = section.substring(0, section.indexOf("\n#", 4));
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            Set<String> fields = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-zA-Z]+)`").matcher(cells[2]);
            while (m.find()) {
                fields.add(m.group(1));
            }
            listed.put(cells[1].strip().replace("`", ""), fields);
        }
        return listed;
    }

    /** An instance with a value in every component. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getGenericType() instanceof java.lang.reflect.ParameterizedType list
                    ? List.of(value((Class<?>) list.getActualTypeArguments()[0]))
                    : value(types[i]);
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object value(Class<?> type) {
        if (type == UUID.class) {
            return UUID.randomUUID();
        }
        if (type == String.class) {
            return "text";
        }
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-12-01T10:15:30Z");
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("no sample value for " + type);
    }
}
