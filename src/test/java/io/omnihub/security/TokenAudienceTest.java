package io.omnihub.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Auth;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/**
 * Operators' tokens are accepted only when they name Omnihub as their audience: a token the same identity provider
 * signed for another application (same issuer, same key, same roles) must not open Omnihub.
 */
@QuarkusTest
class TokenAudienceTest {

    private static final String ME = "/api/v1/operators/me";

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String forAnotherApp = Jwt.issuer("omnihub-local").subject("op-elsewhere").groups("operator")
                .claim("teams", List.of("support")).audience("billing").expiresIn(600).sign();
        given().header("Authorization", "Bearer " + forAnotherApp).get(ME).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutAudienceIsRefused() {
        String noAudience = Jwt.issuer("omnihub-local").subject("op-nowhere").groups("operator")
                .claim("teams", List.of("support")).expiresIn(600).sign();
        given().header("Authorization", "Bearer " + noAudience).get(ME).then().statusCode(401);
    }

    @Test
    void aTokenForOmnihubIsAccepted() {
        String forOmnihub = Jwt.issuer("omnihub-local").subject("op-here").groups("operator")
                .claim("teams", List.of("support")).audience("omnihub").expiresIn(600).sign();
        given().header("Authorization", "Bearer " + forOmnihub).get(ME).then().statusCode(200)
                .body("subject", equalTo("op-here"));
        // and the local issuer's tokens name it
        given().header("Authorization", Auth.bearer("op-local", List.of("operator"), List.of("support"))).get(ME)
                .then().statusCode(200);
    }
}
