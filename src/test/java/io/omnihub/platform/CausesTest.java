package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/** A failure's causes, read to the end of the chain and no further. */
class CausesTest {

    @Test
    void aCauseIsFoundHoweverDeepAndAChainThatNamesItselfEnds() {
        Throwable wrapped = new CompletionException(new IllegalStateException(new IOException("reset")));
        assertThat(Causes.any(wrapped, IOException.class::isInstance)).isTrue();
        assertThat(Causes.any(wrapped, IllegalArgumentException.class::isInstance)).isFalse();

        Throwable selfCaused = new Throwable() {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertThat(Causes.any(selfCaused, IOException.class::isInstance)).isFalse();
        assertThat(Causes.any(null, t -> true)).isFalse();
    }
}
