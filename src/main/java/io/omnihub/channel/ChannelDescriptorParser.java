package io.omnihub.channel;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads and validates one {@code channel.yaml}. Every problem names the file and the field. */
public final class ChannelDescriptorParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Set<String> FIELDS = Set.of("id", "displayName", "inbound", "outbound", "maxLength",
            "replyWindow", "templatesOutsideWindow", "contactKind", "quietHoursApply", "maxAttempts", "retryBackoff",
            "receiptTimeout", "identifiers", "vouches");

    private ChannelDescriptorParser() {
    }

    /**
     * @param source the file name, for messages
     * @param expectedId the folder name the descriptor sits in
     * @param yaml the file's content
     */
    public static Channel parse(String source, String expectedId, String yaml) {
        Map<String, Object> map = read(source, yaml);
        Fields f = new Fields(source, map);
        map.keySet().stream().filter(k -> !FIELDS.contains(k)).findFirst()
                .ifPresent(k -> f.fail(k, "unknown field; allowed: " + FIELDS.stream().sorted().toList()));

        String id = f.string("id");
        if (!ID.matcher(id).matches()) {
            f.fail("id", "must match " + ID.pattern() + ", got '" + id + "'");
        }
        if (!id.equals(expectedId)) {
            f.fail("id", "must equal its folder name '" + expectedId + "', got '" + id + "'");
        }
        String displayName = f.string("displayName");
        boolean inbound = f.bool("inbound");
        boolean outbound = f.bool("outbound");
        int maxLength = f.positiveInt("maxLength");
        Optional<Duration> replyWindow = f.optionalDuration("replyWindow");
        String kindName = f.string("contactKind");
        ContactKind contactKind = ContactKind.fromWireName(kindName).orElseThrow(() -> f.error("contactKind",
                "must be one of " + Arrays.stream(ContactKind.values()).map(ContactKind::wireName)
                        .collect(Collectors.joining(", ")) + ", got '" + kindName + "'"));
        boolean quietHoursApply = f.bool("quietHoursApply");
        int maxAttempts = map.containsKey("maxAttempts") ? f.positiveInt("maxAttempts") : 3;
        Duration retryBackoff = f.optionalDuration("retryBackoff").orElse(Duration.ofSeconds(2));
        Duration receiptTimeout = f.optionalDuration("receiptTimeout").orElse(Duration.ofMinutes(2));
        Set<ContactKind> identifiers = f.kinds("identifiers");
        if (inbound && identifiers.isEmpty()) {
            f.fail("identifiers", "an inbound channel must list the identifier kinds it may assert");
        }
        Set<ContactKind> vouches = f.kinds("vouches");
        vouches.stream().filter(k -> !identifiers.contains(k)).findFirst().ifPresent(k -> f.fail("vouches",
                "may only name kinds listed in identifiers, got '" + k.wireName() + "'"));
        boolean templatesOutsideWindow = map.containsKey("templatesOutsideWindow") && f.bool("templatesOutsideWindow");
        if (templatesOutsideWindow && replyWindow.isEmpty()) {
            f.fail("templatesOutsideWindow", "needs a replyWindow to be outside of");
        }
        return new Channel(id, displayName, inbound, outbound, maxLength, replyWindow, contactKind, quietHoursApply,
                maxAttempts, retryBackoff, receiptTimeout, identifiers, vouches, templatesOutsideWindow);
    }

    private static Map<String, Object> read(String source, String yaml) {
        if (yaml.isBlank()) {
            throw new ChannelDescriptorException(source, "the file is empty");
        }
        try {
            Map<String, Object> map = YAML.readValue(yaml, new TypeReference<>() {
            });
            if (map == null) {
                throw new ChannelDescriptorException(source, "the file is empty");
            }
            return map;
        } catch (JsonProcessingException e) {
            throw new ChannelDescriptorException(source, "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private record Fields(String source, Map<String, Object> map) {

        ChannelDescriptorException error(String field, String problem) {
            return new ChannelDescriptorException(source, "field '" + field + "' " + problem);
        }

        void fail(String field, String problem) {
            throw error(field, problem);
        }

        Object required(String field) {
            Object value = map.get(field);
            if (value == null) {
                fail(field, "is missing");
            }
            return value;
        }

        String string(String field) {
            Object value = required(field);
            if (!(value instanceof String s) || s.isBlank()) {
                throw error(field, "must be a non-empty string, got '" + value + "'");
            }
            return s;
        }

        boolean bool(String field) {
            Object value = required(field);
            if (!(value instanceof Boolean b)) {
                throw error(field, "must be true or false, got '" + value + "'");
            }
            return b;
        }

        int positiveInt(String field) {
            Object value = required(field);
            if (!(value instanceof Integer i) || i <= 0) {
                throw error(field, "must be a positive whole number, got '" + value + "'");
            }
            return i;
        }

        /** A list of identifier kinds ({@code [phone, email]}); empty when absent. */
        Set<ContactKind> kinds(String field) {
            Object value = map.get(field);
            if (value == null) {
                return Set.of();
            }
            if (!(value instanceof java.util.List<?> list)) {
                throw error(field, "must be a list of identifier kinds such as [phone, email], got '" + value + "'");
            }
            Set<ContactKind> kinds = java.util.EnumSet.noneOf(ContactKind.class);
            for (Object item : list) {
                kinds.add(ContactKind.fromWireName(String.valueOf(item)).orElseThrow(() -> error(field,
                        "must name kinds among " + Arrays.stream(ContactKind.values()).map(ContactKind::wireName)
                                .collect(Collectors.joining(", ")) + ", got '" + item + "'")));
            }
            return java.util.Collections.unmodifiableSet(kinds);
        }

        Optional<Duration> optionalDuration(String field) {
            Object value = map.get(field);
            if (value == null) {
                return Optional.empty();
            }
            try {
                Duration duration = Duration.parse(String.valueOf(value));
                if (duration.isNegative() || duration.isZero()) {
                    fail(field, "must be a positive duration, got '" + value + "'");
                }
                return Optional.of(duration);
            } catch (DateTimeParseException e) {
                throw error(field, "must be an ISO-8601 duration such as PT24H, got '" + value + "'");
            }
        }
    }
}
