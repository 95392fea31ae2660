package io.quintet.kosync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Test
    void readyWhenTheDatabaseIs() {
        given().when().get(ready).then().statusCode(200).body("status", is("UP"));
    }
}
