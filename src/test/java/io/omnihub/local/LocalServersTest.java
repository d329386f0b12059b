package io.omnihub.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The local PostgreSQL, which the benchmark measures, runs the production cluster's memory and checkpoint settings. */
class LocalServersTest {

    @Test
    void localPostgresRunsTheClusterSettings() throws IOException {
        JsonNode cluster = null;
        try (var docs = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(Path.of("k8s/overlays/cluster-services/postgres.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = (JsonNode) docs.next();
                if (doc.path("kind").asText().equals("Cluster")) {
                    cluster = doc;
                }
            }
        }
        assertThat(cluster).as("the CloudNativePG Cluster").isNotNull();
        JsonNode parameters = cluster.at("/spec/postgresql/parameters");
        assertThat(LocalServers.CLUSTER_SETTINGS).isNotEmpty();
        LocalServers.CLUSTER_SETTINGS.forEach((name, value) -> assertThat(parameters.path(name).asText()).as(name)
                .isEqualTo(value));
    }
}
