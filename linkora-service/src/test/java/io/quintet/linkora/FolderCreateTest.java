package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.now;
import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FolderCreateTest {

    @Test
    @DisplayName(
            "C26 CREATE_FOLDER answers NewItemResponseDTO: new positive id, server-second stamp, correlation echoed")
    void create() {
        String correlation = "{\"id\":\"c1\",\"clientName\":\"Brave Fox\"}";
        Response response = post(
                "CREATE_FOLDER",
                "{\"name\":\"F1\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                        + "\"eventTimestamp\":1,\"correlation\":" + correlation + "}");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.header("Content-Type"));
        JsonPath body = response.jsonPath();
        assertTrue(body.getLong("id") > 0);
        assertTrue(Math.abs(body.getLong("timeStampBasedResponse.eventTimestamp") - now()) <= 5);
        assertEquals("c1", body.getString("correlation.id"));
        assertEquals("Brave Fox", body.getString("correlation.clientName"));
    }
}
