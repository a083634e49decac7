package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import dev.dpapi.text.Section;
import dev.dpapi.text.Words;

/**
 * Every value type read from a line and written back, without HAProxy: the JSON a line reads as, and the line a
 * JSON value writes (which reads back as the same JSON).
 */
class ValueTypesTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** Section fields: the line, its field, the JSON value, and the line written for that value. */
    static Stream<Arguments> sectionFields() {
        return Stream.of(
                Arguments.of(Field.word("mode", "mode", "http", "tcp"), "mode http", "\"http\"", "mode http"),
                Arguments.of(Field.integer("maxconn", "maxconn"), "maxconn 100", "100", "maxconn 100"),
                Arguments.of(Field.time("client_timeout", "timeout client"), "timeout client 5s", "5000",
                        "timeout client 5000"),
                Arguments.of(Field.secondsTime("x", "hold"), "hold 10", "10000", "hold 10000ms"),
                Arguments.of(Field.text("description", "description"), "description \"a \\\"b\\\" c\"",
                        "\"a \\\"b\\\" c\"", "description \"a \\\"b\\\" c\""),
                Arguments.of(Field.flag("parse", "parse-resolv-conf"), "parse-resolv-conf", "true", "parse-resolv-conf"),
                Arguments.of(Field.onOff("http_keep_alive", "option http-keep-alive"), "no option http-keep-alive",
                        "\"disabled\"", "no option http-keep-alive"),
                Arguments.of(Field.present("daemon", "daemon"), "daemon", "\"enabled\"", "daemon"),
                Arguments.of(Field.words("command", "command"), "command /bin/sh -c \"sleep 1 # x\"",
                        "\"/bin/sh -c \\\"sleep 1 # x\\\"\"", "command /bin/sh -c \"sleep 1 # x\""),
                Arguments.of(Field.wordList("x", "lua-load"), "lua-load a b", "[\"a\",\"b\"]", "lua-load a b"),
                Arguments.of(Field.toggle("x", "tune.h2"), "tune.h2 on", "\"enabled\"", "tune.h2 on"),
                Arguments.of(Field.word("x", "option", "httpclose", "http-server-close"), "option httpclose",
                        "\"httpclose\"", "option httpclose"),
                Arguments.of(ObjectField.of("balance", "balance", Arg.word("algorithm")), "balance roundrobin",
                        "{\"algorithm\":\"roundrobin\"}", "balance roundrobin"));
    }

    @ParameterizedTest
    @MethodSource("sectionFields")
    void sectionFieldsReadAndWrite(LineField field, String line, String value, String written) throws Exception {
        ObjectNode out = Json.MAPPER.createObjectNode();
        field.read(List.of(Line.of(line, "\n")), out);
        assertEquals(json(value), json(out.get(field.json()).toString())); // re-parsed: numbers by value
        List<String> words = field.words(json(value)).orElseThrow();
        assertEquals(written, String.join(" ", words));
        ObjectNode again = Json.MAPPER.createObjectNode();
        field.read(List.of(Line.of(written, "\n")), again);
        assertEquals(out, again);
    }

    @Test
    void aWordIsEncodedAndWhiteSpaceBreaksItsPattern() throws Exception {
        Field f = Field.word("x", "k");
        assertEquals(List.of("k", "\"a#b\""), f.words(json("\"a#b\"")).orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, () -> f.words(json("\"a b\"")));
        assertEquals(422, e.status());
        assertEquals(605, e.code());
        ConfigException wrongType = assertThrows(ConfigException.class,
                () -> Field.integer("maxconn", "maxconn").words(json("\"10\"")));
        assertEquals(400, wrongType.status());
        ConfigException comment = assertThrows(ConfigException.class,
                () -> Field.words("command", "command").words(json("\"/bin/true # x\"")));
        assertEquals(400, comment.status());
    }

    /** Rules: a line reads as a model, and the model writes the line back. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(RuleTables.TCP_CHECK, "tcp-check send \"PING with spaces\\r\\n\""),
                Arguments.of(RuleTables.HTTP_ERROR,
                        "http-error status 200 content-type text/plain string \"My content\" hdr Some-Header value"),
                Arguments.of(LogTargetCodec.INSTANCE, "log 127.0.0.1:514 format raw local1 warning"),
                Arguments.of(RuleTables.HTTP_RESPONSE,
                        "http-response replace-header Set-Cookie (.*) \"\\\\1; Secure\" if { ssl_fc }"),
                Arguments.of(RuleTables.TCP_REQUEST, "tcp-request inspect-delay 5000"));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void rulesReadAndWriteBack(LineCodec codec, String line) throws Exception {
        ObjectNode model = codec.read(Line.of(line, "\n"));
        String written = String.join(" ", codec.words(model));
        assertEquals(model, codec.read(Line.of(written, "\n")), written);
        assertEquals(Words.of(line), Words.of(written));
    }

    @Test
    void anHttpErrorRuleWithoutStatusIsASchemaRefusal() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuleTables.HTTP_ERROR.words(json("{\"type\":\"status\"}")));
        assertEquals(422, e.status());
        assertEquals(602, e.code());
        assertEquals("status in body is required", e.getMessage());
        assertEquals(List.of("http-error", "status", "503"),
                RuleTables.HTTP_ERROR.words(json("{\"type\":\"status\",\"status\":503}")));
    }

    @Test
    void serverParametersKeepTheirOrderAndABindItsDefaultName() throws Exception {
        Line server = Line.of("server a 127.0.0.1:80 resolve-opts allow-dup-ip resolve-net 10.0.0.0/8 zz", "\n");
        ObjectNode model = LineModel.SERVER.read(server);
        model.put("weight", 5);
        assertEquals("server a 127.0.0.1:80 resolve-opts allow-dup-ip resolve-net 10.0.0.0/8 zz weight 5",
                String.join(" ", LineModel.SERVER.words(model, server)));
        Line tlv = Line.of("server b 127.0.0.1:80 set-proxy-v2-tlv-fmt(0xE1) \"%[src] x\"", "\n");
        ObjectNode b = LineModel.SERVER.read(tlv);
        b.put("weight", 5);
        assertEquals("server b 127.0.0.1:80 set-proxy-v2-tlv-fmt(0xE1) \"%[src] x\" weight 5",
                tlv.rewritten(LineModel.SERVER.words(b, tlv), LineModel.SERVER::read).text());
        Line dgram = Line.of("dgram-bind 127.0.0.1:514 transparent", "\n");
        assertEquals(List.of("dgram-bind", "127.0.0.1:514", "transparent"),
                LineModel.DGRAM_BIND.words(LineModel.DGRAM_BIND.read(dgram), null));
        Line bind = Line.of("bind 127.0.0.1:80", "\n");
        assertEquals(List.of("bind", "127.0.0.1:80"), LineModel.BIND.words(LineModel.BIND.read(bind), bind));
    }

    /**
     * Sections whose schema requires a field: the model's schema names it (a body is checked against it on arrival,
     * before any text is built), and the table writes it once it is there.
     */
    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of("program", SectionTables.PROGRAM, "command", "{\"command\":\"/bin/sh -c 'sleep 1'\"}",
                        "  command /bin/sh -c 'sleep 1'"),
                Arguments.of("fcgi-app", SectionTables.FCGI_APP, "docroot", "{\"docroot\":\"/var/www\"}",
                        "  docroot /var/www"),
                Arguments.of("http-errors", SectionTables.HTTP_ERRORS, "error_files",
                        "{\"error_files\":[{\"code\":503,\"file\":\"/dev/null\"}]}", "  errorfile 503 /dev/null"));
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void aRequiredFieldIsASchemaRefusal(String kind, List<FieldMapping> table, String field, String valid, String line)
            throws Exception {
        String model = java.util.Map.of("program", "program", "fcgi-app", "fcgi_app", "http-errors",
                "http_errors_section").get(kind);
        JsonNode schema = dev.dpapi.http.configuration.ConfigurationService.definitions().get(model);
        assertEquals(java.util.Optional.of(field), ModelSchemas.firstMissing(schema, json("{\"name\":\"x\"}")));
        assertEquals(java.util.Optional.of("name"), ModelSchemas.firstMissing(schema, json(valid)));
        ObjectNode complete = (ObjectNode) json(valid);
        assertEquals(java.util.Optional.empty(), ModelSchemas.firstMissing(schema, complete.put("name", "x")));
        Section empty = Section.create(kind, "x", "\n");
        Section written = SectionEditor.write(empty, table, json(valid), "\n");
        assertEquals(List.of(line), written.body().stream().map(Line::text).toList());
    }
}
