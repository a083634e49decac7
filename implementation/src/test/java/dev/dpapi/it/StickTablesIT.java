package dev.dpapi.it;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Stick tables of a running HAProxy: entries set through the API are read back with `show table`. */
class StickTablesIT {

    private static final String R = "/v2/services/haproxy/runtime/";

    @AutoClose
    final RuntimeStage stage = RuntimeStage.started();

    @Test
    void tablesAndEntries() throws Exception {
        String one = stage.api.admin().get(R + "stick_tables/be?process=1").then().statusCode(200).extract().asString();
        assertTrue(one.equals("{\"fields\":[{\"field\":\"gpc0\",\"type\":\"counter\"},{\"field\":\"conn_cnt\","
                + "\"type\":\"counter\"},{\"field\":\"http_req_rate\",\"period\":10000,\"type\":\"rate\"}],"
                + "\"name\":\"be\",\"process\":1,\"size\":100,\"type\":\"ip\",\"used\":0}\n"), one);
        stage.api.admin().get(R + "stick_tables").then().statusCode(200).body("name", equalTo(List.of("be")));
        stage.api.admin().get(R + "stick_tables/nope?process=1").then().statusCode(404)
                .body("message", equalTo("Stick table nope not found in process 1"));
        stage.api.admin().get(R + "stick_tables/be").then().statusCode(422);

        String entries = R + "stick_table_entries?stick_table=be&process=1";
        stage.api.admin().body(Map.of("key", "10.0.0.5", "data_type", Map.of("gpc0", 4, "conn_cnt", 2)))
                .post(entries).then().statusCode(204);
        String shown = stage.runtime("show table be key 10.0.0.5");
        assertTrue(shown.contains("key=10.0.0.5 ") && shown.contains(" gpc0=4 ") && shown.contains(" conn_cnt=2 "), shown);
        stage.api.admin().body(Map.of("key", "10.0.0.6", "data_type", Map.of("gpc0", 1))).post(entries).then().statusCode(204);

        stage.api.admin().body(Map.of("key", "10.0.0.7", "data_type", Map.of("gpc0", "x"))).post(entries).then().statusCode(400);
        stage.api.admin().body(Map.of("key", "10.0.0.7\nclear table be", "data_type", Map.of("gpc0", 1))).post(entries)
                .then().statusCode(400);
        stage.api.admin().body(Map.of("key", "10.0.0.7")).post(entries).then().statusCode(422);
        stage.api.admin().body(Map.of("key", "10.0.0.7", "data_type", Map.of("gpc0", 1)))
                .post(R + "stick_table_entries?stick_table=nope&process=1").then().statusCode(404);
        assertTrue(!stage.runtime("show table be").contains("10.0.0.7"), "refused entries were not set");

        stage.api.admin().get(entries).then().statusCode(200).body("", hasSize(2))
                .body("key", equalTo(List.of("10.0.0.5", "10.0.0.6")));
        stage.api.admin().get(entries + "&key=10.0.0.5").then().statusCode(200)
                .body("", hasSize(1)).body("[0].gpc0", equalTo(4)).body("[0].conn_cnt", equalTo(2));
        stage.api.admin().get(entries + "&filter=data.gpc0 gt 3").then().statusCode(200)
                .body("key", equalTo(List.of("10.0.0.5")));
        stage.api.admin().get(entries + "&count=1&offset=1").then().statusCode(200)
                .body("key", equalTo(List.of("10.0.0.6")));
        stage.api.admin().get(entries + "&offset=2").then().statusCode(400)
                .body("message", equalTo("Offset 2 is larger than the slice size 2"));
        stage.api.admin().get(entries + "&filter=gpc0;clear table be").then().statusCode(400);
        stage.api.admin().get(entries).then().body("", hasSize(2));
    }
}
