package io.omnihub.customer;

import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.omnihub.channel.ContactKind;
import io.omnihub.platform.ProblemException;

/**
 * Turns what a channel says about a customer into the canonical value identity resolution compares: E.164 phones
 * (libphonenumber), lower-cased e-mail addresses, and trimmed external ids.
 */
public final class ContactNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    // deliberately simple: one @, a dot in the domain, no spaces; the mail server has the last word
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final int MAX_ID_LENGTH = 200;

    private final String defaultRegion;

    public ContactNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    }

    /**
     * @param field the input field, named in the problem when the value is invalid
     * @throws ProblemException 400 when the value cannot be a valid contact of that kind
     */
    public String normalize(ContactKind kind, String field, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            throw ProblemException.invalidField(field, "must not be blank");
        }
        return switch (kind) {
            case PHONE -> phone(field, value);
            case EMAIL -> email(field, value);
            default -> externalId(field, value);
        };
    }

    private String phone(String field, String value) {
        try {
            PhoneNumber number = PHONES.parse(value, defaultRegion);
            if (!PHONES.isValidNumber(number)) {
                throw ProblemException.invalidField(field, "is not a valid phone number");
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw ProblemException.invalidField(field, "is not a phone number");
        }
    }

    private static String email(String field, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.length() > 254 || !EMAIL.matcher(lower).matches()) {
            throw ProblemException.invalidField(field, "is not a valid e-mail address");
        }
        return lower;
    }

    private static String externalId(String field, String value) {
        if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidField(field, "must be at most " + MAX_ID_LENGTH
                    + " printable characters");
        }
        return value;
    }
}
