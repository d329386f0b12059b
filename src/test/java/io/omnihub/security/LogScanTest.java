package io.omnihub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs after every other test and reads the log of the whole run: no phone number, e-mail address or message text
 * the tests used may appear in it.
 */
@Order(Integer.MAX_VALUE)
class LogScanTest {

    private static final Path LOG = Path.of("target/omnihub-test.log");
    private static final List<Pattern> PERSONAL = List.of(
            Pattern.compile("\\+7\\s?\\(?9\\d{2}\\)?[\\s-]?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{2}"), // Russian mobiles
            Pattern.compile("\\b8\\s?\\(?9\\d{2}\\)?[\\s-]?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{2}"),
            Pattern.compile("[A-Za-z0-9._%+-]+@example\\.(org|com)", Pattern.CASE_INSENSITIVE));

    @Test
    void logsOfTheTestRunHoldNoPersonalData() throws IOException {
        assertThat(LOG).as("the test run writes its log").exists();
        String log = Files.readString(LOG);
        assertThat(log).as("the log covers a started application").contains("Installed features");

        List<String> found = new ArrayList<>();
        for (Pattern p : PERSONAL) {
            Matcher m = p.matcher(log);
            while (m.find() && found.size() < 20) {
                found.add(m.group());
            }
        }
        for (String text : texts()) {
            if (log.contains(text)) {
                found.add(text);
            }
        }
        assertThat(found).as("personal data in the logs").isEmpty();
    }

    /** Every message text the tests send: the sample payloads and the operators' replies. */
    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>(List.of("Your parcel left the warehouse today.", "We refunded order 5531.",
                "Please confirm the address", "An operator here: your order is on its way.", "Deferred answer",
                "Still no delivery for order 5531", "Send the refund to another card", "Anna Petrova"));
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.walk(Path.of("channels"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                collect(json.readTree(file.toFile()), texts);
            }
        }
        return texts;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("text") && e.getValue().isTextual() && e.getValue().asText().length() > 12) {
                    into.add(e.getValue().asText());
                }
                collect(e.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, into));
        }
    }
}
