package io.omnihub.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.omnihub.channel.ContactKind;
import io.omnihub.platform.ProblemException;

class ContactNormalizerTest {

    private final ContactNormalizer ru = new ContactNormalizer("RU");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+7 916 555-01-23   | +79165550123",
            "8 (916) 555-01-23  | +79165550123",
            "89165550123        | +79165550123",
            "+79165550123       | +79165550123",
            "9165550123         | +79165550123",
            "+44 20 7946 0958   | +442079460958",
            "+1 (212) 555-0100  | +12125550100"
    })
    void phonesBecomeE164(String raw, String e164) {
        assertThat(ru.normalize(ContactKind.PHONE, "phone", raw)).isEqualTo(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = { "12", "+7 123", "call me maybe", "+999 1234567", "" })
    void invalidPhonesAreRejectedNamingTheField(String raw) {
        assertThatThrownBy(() -> ru.normalize(ContactKind.PHONE, "customer.phone", raw))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors().get(0))
                        .containsEntry("field", "customer.phone"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw.isEmpty() ? "\u0000" : raw));
    }

    @ParameterizedTest
    @CsvSource({
            "Anna.Petrova@Example.ORG, anna.petrova@example.org",
            "'  bob@mail.ru ', bob@mail.ru"
    })
    void emailsAreLowerCasedAndTrimmed(String raw, String normalized) {
        assertThat(ru.normalize(ContactKind.EMAIL, "email", raw)).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = { "anna at example", "anna@", "@example.org", "an na@example.org", "a@b@example.org",
            "anna@localhost" })
    void invalidEmailsAreRejected(String raw) {
        assertThatThrownBy(() -> ru.normalize(ContactKind.EMAIL, "email", raw)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "bot:user-1", "CARD-0048812", "visitor 7f3a" })
    void externalIdsAreKeptAsTheyAreButTrimmed(String raw) {
        assertThat(ru.normalize(ContactKind.OFFICE_CARD, "officeCard", " " + raw + " ")).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = { "line\nbreak", "   " })
    void externalIdsWithControlCharactersOrBlankAreRejected(String raw) {
        assertThatThrownBy(() -> ru.normalize(ContactKind.APP_USER, "appUserId", raw))
                .isInstanceOf(ProblemException.class);
    }
}
