package io.omnihub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.channel.ContactKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;

/**
 * Identity resolution at the service layer, on the real database: a contact someone only claims never reaches the
 * profile that holds it trusted, and the trusted holder is found first.
 */
@QuarkusTest
class IdentityServiceTest {

    @Inject
    IdentityService identities;

    @Test
    @RunOnVertxContext
    void aClaimOfAnotherProfilesTrustedContactStartsAProfileOfItsOwn(UniAsserter asserter) {
        String email = "uni-" + UUID.randomUUID() + "@example.com";
        Identity claimed = Identity.claimed(ContactKind.EMAIL, email);
        Identity vouched = claimed.vouched(Proof.CREDENTIAL, null);

        asserter.assertThat(() -> Panache.withTransaction(() -> identities.resolve("app", List.of(vouched), null,
                null)), owner -> {
                    assertThat(owner.created()).isTrue();
                    asserter.putData("owner", owner.customerId());
                });
        // the same address typed into a chatbot: a new profile, not the owner's
        asserter.assertThat(() -> Panache.withTransaction(() -> identities.resolve("chatbot", List.of(claimed), null,
                null)), stranger -> {
                    assertThat(stranger.created()).isTrue();
                    assertThat(stranger.customerId()).isNotEqualTo(asserter.getData("owner"));
                    assertThat(stranger.mergedCustomerIds()).isEmpty();
                });
        // vouched again (the app signed its user in): the owner, still one profile
        asserter.assertThat(() -> Panache.withTransaction(() -> identities.resolve("web", List.of(vouched), null,
                null)), again -> {
                    assertThat(again.created()).isFalse();
                    assertThat(again.customerId()).isEqualTo(asserter.getData("owner"));
                });
        // looked up by the value alone, the trusted holder comes before the one who merely claims it
        asserter.assertThat(() -> Panache.withSession(() -> identities.find(claimed)),
                found -> assertThat(found).isEqualTo(asserter.getData("owner")));
    }
}
