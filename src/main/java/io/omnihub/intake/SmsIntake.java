package io.omnihub.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.privacy.ErasureService;
import io.omnihub.privacy.PrivacyConfig;
import io.smallrye.mutiny.Uni;

/**
 * An inbound SMS as a use case. The message is taken with its keyword: STOP or START is applied in the message's own
 * transaction, so a gateway's retry neither loses it nor applies it twice. ERASE then erases what the sender, vouched
 * for by the carrier, proved is theirs ({@link ErasureService#eraseProven}); for a duplicate too, since a retry after
 * a failure here must not lose it, and an erasure that went through leaves nothing to do.
 */
@ApplicationScoped
class SmsIntake {

    private final IntakeService intake;
    private final ErasureService erasure;
    private final PrivacyConfig privacy;

    SmsIntake(IntakeService intake, ErasureService erasure, PrivacyConfig privacy) {
        this.intake = intake;
        this.erasure = erasure;
        this.privacy = privacy;
    }

    Uni<IntakeResult> accept(InboundEnvelope envelope) {
        return intake.accept(envelope)
                .call(result -> ConsentKeywords.erasure(envelope.turns().get(0).text())
                        ? erasure.eraseProven(result.customerId(), envelope.identities().get(0),
                                envelope.channel(), privacy.customerRequestBasis())
                        : Uni.createFrom().voidItem());
    }
}
