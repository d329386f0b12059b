package io.omnihub.customer;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.crypto.PersonalDataCipher;
import io.smallrye.mutiny.Uni;

/**
 * The name index: each profile's name as keyed hashes of its lower-cased words, so operators find "Anna Petrova" by
 * "anna" or "PETROVA" while no plaintext of a name is ever stored or indexed. A query matches the profiles whose
 * name has every one of its words.
 */
@ApplicationScoped
public class NameTokens {

    /** Words of a name at most; a longer name is indexed by its first ones. */
    static final int MAX_TOKENS = 8;

    private final PersonalDataCipher cipher;
    private final CustomerRepository customers;

    NameTokens(PersonalDataCipher cipher, CustomerRepository customers) {
        this.cipher = cipher;
        this.customers = customers;
    }

    /** The words of a name as the index keeps them: NFKC, lower case, letters and digits only, each once. */
    static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('ё', 'е');
        return Arrays.stream(folded.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).distinct()
                .limit(MAX_TOKENS).toList();
    }

    /** Indexes the customer's name, in the caller's transaction (words no longer in it are dropped). */
    Uni<Void> index(UUID customerId, String name) {
        return customers.indexName(customerId, hashes(name));
    }

    /** The active profiles whose name has every word of {@code query}, at most {@code limit}; none for no words. */
    public Uni<List<UUID>> find(String query, int limit) {
        List<String> hashes = hashes(query);
        return hashes.isEmpty() ? Uni.createFrom().item(List.of()) : customers.byNameTokens(hashes, limit);
    }

    /** The keyed hashes (hex) the index keeps for a name's words; none for no name. */
    List<String> hashes(String name) {
        return words(name).stream().map(w -> HexFormat.of().formatHex(cipher.keyedHash("name-token\u0000" + w)))
                .toList();
    }
}
