package io.omnihub.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Calls carry a supervisor's token by default; a test that checks who may do what sets its own Authorization
 * header, and adapter calls add their key.
 */
public class DefaultCaller implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith((request, response, ctx) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", Auth.supervisor());
            }
            return ctx.next(request, response);
        });
    }
}
