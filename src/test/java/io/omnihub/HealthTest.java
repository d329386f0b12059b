package io.omnihub;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void readinessReportsPostgresRedisAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Reactive PostgreSQL connections health check",
                        "Redis connection health check",
                        "Kafka connection health check"));
    }

    @Test
    void readinessFollowsRedisWhileLivenessStaysUp() {
        LocalInfrastructure.stopRedis();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready")
                    .then().statusCode(503).body("status", equalTo("DOWN")));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            LocalInfrastructure.restartRedis();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void metricsAreInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
