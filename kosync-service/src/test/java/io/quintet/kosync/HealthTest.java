package io.quintet.kosync;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.PostgresTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "kosync"))
class HealthTest {

    @Test
    void readyWhenTheDatabaseIs() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
