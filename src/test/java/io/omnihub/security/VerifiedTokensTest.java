package io.omnihub.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.support.MovableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A token verified once is reused only as the very same string, never past its expiry nor longer than the reuse
 * allows, and a token that failed verification is verified again each time. Verifications are counted on the real
 * verifier, with this application's key and settings.
 */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    DefaultJWTParser real;

    @Inject
    JWTParser operators;

    @Inject
    MovableClock clock;

    private final AtomicInteger verifications = new AtomicInteger();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theTokensOperatorsPresentGoThroughIt() {
        assertInstanceOf(VerifiedTokens.class, operators);
        String token = token("op-reused", 600);
        given().header("Authorization", "Bearer " + token).get("/api/v1/operators/me").then().statusCode(200)
                .body("subject", equalTo("op-reused"));
        // the same token with its signature changed, right after the genuine one was accepted
        given().header("Authorization", "Bearer " + tampered(token)).get("/api/v1/operators/me").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenIsVerifiedOnceAndThenReusedWhileValid() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.empty());
        String token = token("op-once", 600);
        for (int i = 0; i < 3; i++) {
            assertEquals("op-once", tokens.parse(token).getSubject());
        }
        assertEquals(1, verifications.get());
    }

    @Test
    void aTokenChangedInAnyByteIsVerifiedAfreshAndAFailureIsNeverKept() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.empty());
        String token = token("op-tampered", 600);
        tokens.parse(token);
        assertThrows(ParseException.class, () -> tokens.parse(tampered(token)));
        assertThrows(ParseException.class, () -> tokens.parse(tampered(token)));
        assertEquals(3, verifications.get());
    }

    @Test
    void aTokenIsVerifiedAgainOnceItsReuseEnds() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.empty());
        String token = token("op-later", 3600);
        tokens.parse(token);
        clock.advance(VerifiedTokens.REUSE.minusSeconds(1));
        tokens.parse(token);
        assertEquals(1, verifications.get());
        clock.advance(Duration.ofSeconds(2));
        tokens.parse(token);
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenIsNeverReusedPastItsExpiry() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.empty());
        String token = token("op-expiring", 30);
        tokens.parse(token);
        clock.advance(Duration.ofSeconds(31));
        // the real verifier reads the real time, so it still accepts; the point is that it is asked, every time
        tokens.parse(token);
        tokens.parse(token);
        assertEquals(3, verifications.get());
    }

    @Test
    void aTokenIsNeverReusedPastTheGreatestAgeConfigured() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.of(30L));
        String token = token("op-aged", 3600);
        tokens.parse(token);
        clock.advance(Duration.ofSeconds(20));
        tokens.parse(token);
        assertEquals(1, verifications.get());
        clock.advance(Duration.ofSeconds(11));
        tokens.parse(token);
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenValidBeyondAnyDateIsAnsweredNotFailed() {
        // signed with the application's own key: only the identity provider could issue it, but it must not cost a 500
        String forever = forever();
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + forever).get("/api/v1/operators/me").then()
                    .statusCode(anyOf(equalTo(200), equalTo(401)));
        }
    }

    @Test
    void aClaimPastAnyDateBoundsTheReuseRatherThanOverflowing() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(counted(), clock, Optional.of(Long.MAX_VALUE / 2));
        String forever = forever();
        tokens.parse(forever);
        tokens.parse(forever);
        // an overflowing end of reuse would have kept nothing: two verifications
        assertEquals(1, verifications.get());
        clock.advance(VerifiedTokens.REUSE.plusSeconds(1));
        tokens.parse(forever);
        assertEquals(2, verifications.get());
    }

    private static String token(String subject, long seconds) {
        return operator(subject).expiresIn(seconds).sign();
    }

    /** Issued and expiring past any date, and signed with the application's own key. */
    private static String forever() {
        return operator("op-forever").issuedAt(Long.MAX_VALUE - 1).expiresAt(Long.MAX_VALUE).sign();
    }

    private static JwtClaimsBuilder operator(String subject) {
        return Jwt.issuer("omnihub-local").subject(subject).groups("operator").claim("teams", List.of("support"))
                .audience("omnihub");
    }

    private static String tampered(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }

    /** The application's verifier, counting the tokens it verifies. */
    private JWTParser counted() {
        return (JWTParser) Proxy.newProxyInstance(JWTParser.class.getClassLoader(), new Class<?>[] { JWTParser.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("parse")) {
                        verifications.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
