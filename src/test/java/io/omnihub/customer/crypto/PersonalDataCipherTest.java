package io.omnihub.customer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;

import io.omnihub.channel.ContactKind;

class PersonalDataCipherTest {

    static String keyset(KeysetHandle handle) throws Exception {
        return Base64.getEncoder().encodeToString(TinkJsonProtoKeysetFormat
                .serializeKeyset(handle, InsecureSecretKeyAccess.get()).getBytes(StandardCharsets.UTF_8));
    }

    static PersonalDataCipher cipher(KeysetHandle master, KeysetHandle lookup) throws Exception {
        String m = keyset(master);
        String l = keyset(lookup);
        return new PersonalDataCipher(new CryptoConfig() {
            @Override
            public String masterKeyset() {
                return m;
            }

            @Override
            public String lookupKeyset() {
                return l;
            }
        });
    }

    static KeysetHandle newMaster() throws Exception {
        AeadConfig.register();
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    static KeysetHandle newLookup() throws Exception {
        PrfConfig.register();
        return KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
    }

    @Test
    void sealedValuesOpenWithTheOwnersKeyAndHideThePlaintext() throws Exception {
        KeysetHandle master = newMaster();
        KeysetHandle lookup = newLookup();
        PersonalDataCipher cipher = cipher(master, lookup);
        UUID owner = UUID.randomUUID();
        byte[] wrapped = cipher.newWrappedKey(owner);
        byte[] sealed = cipher.seal(owner, "body", "Call me on +79165550123");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("+79165550123");
        assertThat(PersonalDataCipher.ownerOf(sealed)).isEqualTo(owner);
        assertThat(cipher.open("body", sealed)).isEqualTo("Call me on +79165550123");

        // another replica: loads the wrapped key from the database
        PersonalDataCipher other = cipher(master, lookup);
        assertThatThrownBy(() -> other.open("body", sealed)).isInstanceOf(IllegalStateException.class);
        other.load(owner, wrapped);
        assertThat(other.open("body", sealed)).isEqualTo("Call me on +79165550123");
    }

    @Test
    void aValueCannotBeMovedToAnotherField() throws Exception {
        PersonalDataCipher cipher = cipher(newMaster(), newLookup());
        UUID owner = UUID.randomUUID();
        cipher.newWrappedKey(owner);
        byte[] sealed = cipher.seal(owner, "name", "Anna");
        assertThatThrownBy(() -> cipher.open("body", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void masterKeyRotationRewrapsDataKeysAndOldKeysStillUnwrap() throws Exception {
        KeysetHandle oldMaster = newMaster();
        KeysetHandle lookup = newLookup();
        PersonalDataCipher before = cipher(oldMaster, lookup);
        UUID owner = UUID.randomUUID();
        byte[] wrapped = before.newWrappedKey(owner);
        byte[] sealed = before.seal(owner, "body", "secret text");

        // rotation: add a new key and make it primary; the old key stays to unwrap until every key is re-wrapped
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(oldMaster);
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary());
        KeysetHandle rotated = builder.build();
        PersonalDataCipher after = cipher(rotated, lookup);
        byte[] rewrapped = after.rewrap(owner, wrapped);
        assertThat(rewrapped).isNotEqualTo(wrapped);

        // once re-wrapped, the old master key can be dropped entirely
        KeysetHandle newOnly = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(rotated.getPrimary().getKey()).withFixedId(rotated.getPrimary().getId())
                        .makePrimary())
                .build();
        PersonalDataCipher newOnlyCipher = cipher(newOnly, lookup);
        newOnlyCipher.load(owner, rewrapped);
        assertThat(newOnlyCipher.open("body", sealed)).isEqualTo("secret text");
        PersonalDataCipher stale = cipher(newOnly, lookup);
        assertThatThrownBy(() -> stale.load(owner, wrapped)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lookupHashesAreStablePerKindAndKeyed() throws Exception {
        KeysetHandle lookup = newLookup();
        PersonalDataCipher a = cipher(newMaster(), lookup);
        PersonalDataCipher b = cipher(newMaster(), lookup);
        PersonalDataCipher otherKey = cipher(newMaster(), newLookup());
        assertThat(a.lookupHash(ContactKind.PHONE, "+79165550123")).isEqualTo(b.lookupHash(ContactKind.PHONE,
                "+79165550123"));
        assertThat(a.lookupHash(ContactKind.PHONE, "+79165550123"))
                .isNotEqualTo(a.lookupHash(ContactKind.APP_USER, "+79165550123"))
                .isNotEqualTo(otherKey.lookupHash(ContactKind.PHONE, "+79165550123"));
    }
}
