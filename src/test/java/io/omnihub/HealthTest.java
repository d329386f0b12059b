package io.omnihub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class HealthTest {

    @Test
    void readinessIsPostgresOnlyAndRedisAndKafkaAreReportedApart() {
        // ready once PostgreSQL has answered the probe's first question, a moment after start
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200));
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                // Graceful Shutdown goes DOWN when this replica is stopping: its own state, nothing shared
                .body("checks.name", containsInAnyOrder("PostgreSQL", "Graceful Shutdown"));
        // Redis and Kafka may still be coming back (another test stops Redis; Kafka connects after start)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/well")
                .then().statusCode(200)
                .body("checks.name", hasItems("Redis", "Kafka")));
    }

    @Test
    void aStoppedRedisNeverTakesTheReplicaOutOfServiceButShowsInHealthData() {
        LocalInfrastructure.stopRedis();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/well")
                    .then().statusCode(503).body("checks.find { it.name == 'Redis' }.status", equalTo("DOWN")));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("omnihub_dependency_up{dependency=\"redis\"} 0.0"));
        } finally {
            LocalInfrastructure.restartRedis();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/well")
                .then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void everyHealthCheckAnswersWithinASecondWhileRedisHangs() {
        LocalInfrastructure.pauseRedis();
        try {
            for (int i = 0; i < 5; i++) {
                for (String group : new String[] { "/q/health", "/q/health/ready", "/q/health/live",
                        "/q/health/well" }) {
                    Response answer = given().get(group);
                    assertThat(answer.getTimeIn(java.util.concurrent.TimeUnit.MILLISECONDS)).as(group).isLessThan(1000);
                }
            }
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            LocalInfrastructure.resumeRedis();
        }
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
