package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.context.SmallRyeContextManagerProvider;
import io.smallrye.context.impl.ThreadContextProviderPlan;

/**
 * The contexts Mutiny captures at every operator and restores at every callback: CDI's only. Nothing here runs a JTA
 * transaction (the ORM is Hibernate Reactive; the JDBC pool only serves Flyway at start), yet the JTA provider that
 * the JDBC pool's extension brings would look the current transaction up in Narayana, and wrap it, at each of the
 * hundreds of operators of an intake ({@code mp.context.ThreadContext.unchanged} in application.properties).
 */
@QuarkusTest
class ContextPropagationTest {

    @Test
    void mutinyCallbacksCarryTheRequestContextAndNoTransaction() {
        ThreadContextProviderPlan plan = SmallRyeContextManagerProvider.getManager().defaultThreadContext().getPlan();

        assertThat(types(plan.propagatedProviders)).containsExactly("CDI");
        assertThat(types(plan.clearedProviders)).isEmpty();
        assertThat(types(plan.unchangedProviders)).containsExactly("Transaction");
    }

    private static Set<String> types(Set<ThreadContextProvider> providers) {
        return providers.stream().map(ThreadContextProvider::getThreadContextType).collect(Collectors.toSet());
    }
}
