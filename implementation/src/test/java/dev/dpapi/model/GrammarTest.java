package dev.dpapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.http.Json;
import java.util.ArrayList;
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
 * The grammar's value types one by one (read, write, refusals), and the argument shapes: each value read from a
 * line, written back, and the line rewritten for it keeps its raw text when the value did not change.
 */
class GrammarTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** The tree as parsed JSON: numbers compared by value. */
    private static JsonNode same(JsonNode tree) throws Exception {
        return json(tree.toString());
    }

    /** A value type, a word as written in haproxy.cfg, the JSON it reads as, and the text written for that JSON. */
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("word", Value.WORD, "web-1", "\"web-1\"", "web-1"),
                Arguments.of("word needing quotes", Value.WORD, "\"a#b\"", "\"a#b\"", "\"a#b\""),
                Arguments.of("integer", Value.INTEGER, "100", "100", "100"),
                Arguments.of("negative integer", Value.INTEGER, "-5", "-5", "-5"),
                Arguments.of("time in seconds", Value.TIME, "5s", "5000", "5000"),
                Arguments.of("time in minutes", Value.TIME, "2m", "120000", "120000"),
                Arguments.of("time in microseconds", Value.TIME, "500us", "1", "1"),
                Arguments.of("bare time", Value.TIME, "250", "250", "250"),
                Arguments.of("bare seconds", Value.SECONDS, "10", "10000", "10000ms"),
                Arguments.of("seconds with a unit", Value.SECONDS, "1m", "60000", "60000ms"),
                Arguments.of("size in kibibytes", Value.SIZE, "100k", "102400", "102400"),
                Arguments.of("size in mebibytes, capital", Value.SIZE, "2M", "2097152", "2097152"),
                Arguments.of("size in gibibytes", Value.SIZE, "1g", "1073741824", "1073741824"),
                Arguments.of("bare size", Value.SIZE, "5000", "5000", "5000"),
                Arguments.of("text", Value.TEXT, "'say \"hi\"'", "\"say \\\"hi\\\"\"", "\"say \\\"hi\\\"\""),
                Arguments.of("text with a dollar", Value.TEXT, "\"a\\$b\"", "\"a$b\"", "\"a\\$b\""),
                Arguments.of("plain format", Value.FORMAT, "%[src]", "\"%[src]\"", "%[src]"),
                Arguments.of("format with spaces", Value.FORMAT, "\"two words\"", "\"two words\"", "\"two words\""),
                Arguments.of("comma list", Value.COMMA_LIST, "ssl,cert-cn", "[\"ssl\",\"cert-cn\"]", "ssl,cert-cn"),
                Arguments.of("on", Value.ON_OFF, "on", "\"enabled\"", "on"),
                Arguments.of("off", Value.ON_OFF, "off", "\"disabled\"", "off"),
                Arguments.of("on as true", Value.ON_OFF_BOOLEAN, "on", "true", "on"),
                Arguments.of("off as false", Value.ON_OFF_BOOLEAN, "off", "false", "off"),
                Arguments.of("choice", Value.choice("http", "tcp"), "tcp", "\"tcp\"", "tcp"),
                Arguments.of("fixed word", Value.fixed("listeners"), "listeners", "true", "listeners"),
                Arguments.of("word or none", Value.WORD_OR_NONE, "a,b", "\"a,b\"", "a,b"),
                Arguments.of("yes word", Value.yesNo("password", "insecure-password"), "password", "true", "password"),
                Arguments.of("no word", Value.yesNo("password", "insecure-password"), "insecure-password", "false",
                        "insecure-password"),
                Arguments.of("pair", Value.pair(":", "ranges", Value.WORD, "size", Value.INTEGER), "1-3,5:10",
                        "{\"ranges\":\"1-3,5\",\"size\":10}", "1-3,5:10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void eachValueTypeReadsAndWrites(String name, Value type, String raw, String value, String written)
            throws Exception {
        String word = Words.of(raw).get(0);
        assertEquals(json(value), json(type.read(word).toString()), "read");
        assertEquals(written, type.write("f", json(value)), "written");
        assertEquals(json(value), json(type.read(Words.of(written).get(0)).toString()), "the written text read back");
    }

    @Test
    void aSizeReadsOnlyAsHaproxyReadsIt() {
        for (String word : List.of("1kb", "k", "1.5m", "-1k", "1t", "99999999999999999999")) {
            assertNull(Value.SIZE.read(word), word);
        }
        assertEquals(9_223_372_036_854_775_807L, Value.SIZE.read("9223372036854775807").asLong());
        assertNull(Value.SIZE.read("9223372036854775807k"), "beyond a long");
    }

    /** The value types spanning the rest of a line. */
    static Stream<Arguments> restValues() {
        return Stream.of(
                Arguments.of(Value.EXPRESSION, "k hdr(host)  -m  'a b' \\\"", "\"hdr(host)  -m  'a b' \\\\\\\"\""),
                Arguments.of(Value.TEXT, "k two  words", "\"two words\""),
                Arguments.of(Value.WORD_LIST, "k gzip  deflate", "[\"gzip\",\"deflate\"]"),
                Arguments.of(Value.INTEGER_LIST, "k 500 502 x", "[500,502]"));
    }

    @ParameterizedTest
    @MethodSource("restValues")
    void restOfLineValuesRead(Value type, String line, String value) throws Exception {
        Line l = Line.of(line, "\n");
        assertEquals(json(value), same(type.readRest(l, 1, l.words().size())));
    }

    @Test
    void anExpressionIsWrittenAsGivenAndRefusedWhenItWouldEndTheDirective() throws Exception {
        assertEquals("{ ssl_fc } || !{ src 10.0.0.0/8 }",
                Value.EXPRESSION.write("cond_test", json("\" { ssl_fc } || !{ src 10.0.0.0/8 } \"")));
        assertNull(Value.EXPRESSION.write("cond_test", json("\"  \"")));
        for (String bad : List.of("\"a\\nb\"", "\"a # b\"", "\"'open\"", "\"a\\r\"")) {
            ConfigException e = assertThrows(ConfigException.class, () -> Value.EXPRESSION.write("expr", json(bad)));
            assertEquals(400, e.status(), bad);
        }
    }

    @Test
    void refusalsKeepTheirStatusAndCode() throws Exception {
        assertRefused(Value.WORD, "\"a b\"", 422, 605, "f in body should match '^[^\\s]+$'");
        assertRefused(Value.WORD, "\"\"", 422, 605, "f in body should match '^[^\\s]+$'");
        assertRefused(Value.INTEGER, "\"10\"", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type int64");
        assertRefused(Value.TIME, "1.5", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal number into Go struct field .f of type int64");
        assertRefused(Value.SECONDS, "true", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal bool into Go struct field .f of type int64");
        assertRefused(Value.SIZE, "\"1m\"", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type int64");
        assertRefused(Value.choice("http", "tcp"), "\"udp\"", 422, 605, "f in body should be one of [http, tcp]");
        assertRefused(Value.ON_OFF, "\"on\"", 422, 605, "f in body should be one of [disabled, enabled]");
        assertRefused(Value.ON_OFF_BOOLEAN, "\"on\"", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type bool");
        assertRefused(Value.WORD_LIST, "\"a b\"", 422, 422, "f in body must be of type array");
        assertRefused(Value.WORD_LIST, "[\"a b\"]", 422, 605, "f in body should match '^[^\\s]+$'");
        assertRefused(Value.INTEGER_LIST, "[1,\"2\"]", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type int64");
        assertRefused(Value.COMMA_LIST, "[\"a,b c\"]", 422, 605, "f in body should match '^[^\\s]+$'");
        ConfigException flag = assertThrows(ConfigException.class, () -> Value.ENABLED.isSet("f", json("\"yes\"")));
        assertEquals(605, flag.code());
        // the same values, made valid, are accepted
        assertEquals("a", Value.WORD.write("f", json("\"a\"")));
        assertEquals("10", Value.INTEGER.write("f", json("10")));
        assertEquals("1 2", Value.INTEGER_LIST.write("f", json("[1,2]")));
        assertEquals("off", Value.ON_OFF.write("f", json("\"disabled\"")));
        assertEquals(true, Value.ENABLED.isSet("f", json("\"enabled\"")));
        assertEquals(false, Value.ENABLED.isSet("f", json("\"disabled\"")));
        assertEquals(true, Value.BOOLEAN.isSet("f", json("true")));
        assertRefused(Value.WORD_OR_NONE, "\"a b\"", 422, 605, "f in body should match '^[^\\s]+$'");
        assertNull(Value.WORD_OR_NONE.write("f", json("\"\"")), "an empty text writes no word");
        assertRefused(Value.yesNo("password", "insecure-password"), "\"true\"", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type bool");
        assertEquals("insecure-password", Value.yesNo("password", "insecure-password")
                .write("f", json("{}").path("absent")), "absent: the second word");
    }

    /** An object value: its fields by its own arguments, an empty text no value, a wrong JSON type undecodable. */
    @Test
    void anObjectValueReadsAndWritesItsFields() throws Exception {
        Value params = Value.object(Arg.param("username", "user"),
                Arg.positional("client_version", Value.choice("pre-41", "post-41")));
        Line line = Line.of("option mysql-check user bob post-41", "\n");
        assertEquals(json("{\"username\":\"bob\",\"client_version\":\"post-41\"}"), params.readRest(line, 2, 5));
        assertNull(params.readRest(Line.of("option mysql-check", "\n"), 2, 2), "no words: no object");
        assertEquals("user bob post-41", params.write("p", json("{\"client_version\":\"post-41\",\"username\":\"bob\"}")));
        assertEquals("user bob", params.write("p", json("{\"client_version\":\"\",\"username\":\"bob\"}")));
        assertNull(params.write("p", json("{}")));
        assertRefused(params, "{\"username\":\"bob\",\"client_version\":\"41\"}", 422, 605,
                "f.client_version in body should be one of [post-41, pre-41]");
        assertRefused(params, "\"user bob\"", 400, 400,
                ConfigException.UNDECODABLE + "json: cannot unmarshal string into Go struct field .f of type object");
        assertEquals("object", params.schema().path("type").asText());
        assertEquals("[\"pre-41\",\"post-41\"]", params.schema().path("properties").path("client_version")
                .path("enum").toString());
    }

    private static void assertRefused(Value type, String value, int status, int code, String message) throws Exception {
        JsonNode v = json(value);
        ConfigException e = assertThrows(ConfigException.class, () -> type.write("f", v), value);
        assertEquals(status, e.status(), value);
        assertEquals(code, e.code(), value);
        assertEquals(message, e.getMessage());
    }

    @Test
    void schemaTypesAndChoices() {
        assertEquals("string", Value.WORD.schemaType());
        assertEquals("integer", Value.TIME.schemaType());
        assertEquals("integer", Value.SECONDS.schemaType());
        assertEquals("integer", Value.SIZE.schemaType());
        assertEquals("array", Value.COMMA_LIST.schemaType());
        assertEquals("boolean", Value.BOOLEAN.schemaType());
        assertEquals(List.of("enabled", "disabled"), Value.ENABLED.choices());
        assertEquals(List.of("enabled", "disabled"), Value.ON_OFF.choices());
        assertEquals(List.of("http", "tcp"), Value.choice("http", "tcp").choices());
    }

    /**
     * A line, the field holding it, the same value written back (the line unchanged, byte for byte), and a changed
     * value (only its own words re-encoded, the rest of the line as written).
     */
    static Stream<Arguments> lossless() {
        return Stream.of(
                Arguments.of(Field.time("client_timeout", "timeout client"), "\ttimeout  client 5s # five", "6000",
                        "\ttimeout  client 6000 # five"),
                Arguments.of(Field.text("description", "description"), "  description 'a \"b\"'", "\"c d\"",
                        "  description \"c d\""),
                Arguments.of(Field.words("command", "command"), "  command  /bin/sh   -c \"x y\"", "\"/bin/true\"",
                        "  command  /bin/true"),
                Arguments.of(Field.wordList("algorithms", "compression algo"), "  compression algo\tgzip  deflate",
                        "[\"gzip\",\"raw-deflate\"]", "  compression algo\tgzip  raw-deflate"),
                Arguments.of(Field.onOff("tcpka", "option tcpka"), "  no option  tcpka", "\"enabled\"",
                        "  option  tcpka"),
                Arguments.of(ObjectField.of("stick_table", "stick-table", Arg.param("type", "type"),
                                Arg.param("size", "size", Value.SIZE), Arg.param("expire", "expire", Value.TIME)),
                        "  stick-table type ip  size 100k expire 30s", "{\"type\":\"ip\",\"size\":102400,\"expire\":60000}",
                        "  stick-table type ip  size 100k expire 60000"),
                Arguments.of(ObjectField.of("stick_table", "stick-table", Arg.param("size", "size", Value.SIZE),
                                Arg.param("expire", "expire", Value.TIME)),
                        "  stick-table size 1m expire 1m", "{\"size\":60000,\"expire\":60000}",
                        "  stick-table size 60000 expire 60000"), // 1m read both ways: a changed word is not kept
                Arguments.of(Field.toggle("x", "tune.fd.edge-triggered"), "  tune.fd.edge-triggered  on",
                        "\"disabled\"", "  tune.fd.edge-triggered  off"),
                Arguments.of(SOURCE, "  source  [::1]:80\tusesrc hdr_ip(X-F,-1) interface lo",
                        "{\"address\":\"[::1]\",\"port\":81,\"usesrc\":\"hdr_ip\",\"hdr\":\"X-F\",\"occ\":\"-1\","
                                + "\"interface\":\"lo\"}",
                        "  source  [::1]:81\tusesrc hdr_ip(X-F,-1) interface lo"),
                Arguments.of(SOURCE, "  source 127.0.0.1 usesrc client",
                        "{\"address\":\"127.0.0.1\",\"usesrc\":\"address\",\"address_second\":\"127.0.0.2\","
                                + "\"port_second\":8080}",
                        "  source 127.0.0.1 usesrc 127.0.0.2:8080"));
    }

    private static final FieldMapping SOURCE = SectionTables.BACKEND.stream().filter(f -> f.json().equals("source"))
            .findFirst().orElseThrow();
    private static final TypedField CHECK = TypedField.flat(RuleTables.CHECK_OPTION);

    @ParameterizedTest
    @MethodSource("lossless")
    void anUnchangedValueKeepsItsTextAndAChangedOneOnlyItsWords(LineField field, String text, String changed,
                                                                String rewritten) throws Exception {
        Line line = Line.of(text, "\n");
        ObjectNode model = Json.MAPPER.createObjectNode();
        field.read(List.of(line), model);
        java.util.function.Function<Line, JsonNode> reader = l -> {
            ObjectNode value = Json.MAPPER.createObjectNode();
            field.read(List.of(l), value);
            return value;
        };
        assertSame(line, line.rewritten(field.words(model.get(field.json())).orElseThrow(), reader));
        Line after = line.rewritten(field.words(json(changed)).orElseThrow(), reader);
        assertEquals(rewritten, after.text());
        ObjectNode again = Json.MAPPER.createObjectNode();
        field.read(List.of(after), again);
        assertEquals(json(changed), same(again.get(field.json())));
    }

    /** The check options: the check in adv_check, its arguments in an object of their own; flat in the section. */
    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("option httpchk", "{\"adv_check\":\"httpchk\"}"),
                Arguments.of("option httpchk /health", "{\"adv_check\":\"httpchk\",\"httpchk_params\":{\"uri\":\"/health\"}}"),
                Arguments.of("option  httpchk GET /x \"HTTP/1.1\\r\\nHost:\\ a\"", "{\"adv_check\":\"httpchk\","
                        + "\"httpchk_params\":{\"method\":\"GET\",\"uri\":\"/x\",\"version\":\"HTTP/1.1\\r\\nHost: a\"}}"),
                Arguments.of("option httpchk OPTIONS * HTTP/1.1\\r\\nHost:\\ www", "{\"adv_check\":\"httpchk\","
                        + "\"httpchk_params\":{\"method\":\"OPTIONS\",\"uri\":\"*\",\"version\":\"HTTP/1.1\\r\\nHost: www\"}}"),
                Arguments.of("option mysql-check user haproxy post-41", "{\"adv_check\":\"mysql-check\","
                        + "\"mysql_check_params\":{\"username\":\"haproxy\",\"client_version\":\"post-41\"}}"),
                Arguments.of("option pgsql-check user pg", "{\"adv_check\":\"pgsql-check\","
                        + "\"pgsql_check_params\":{\"username\":\"pg\"}}"),
                Arguments.of("option smtpchk EHLO mail.example", "{\"adv_check\":\"smtpchk\","
                        + "\"smtpchk_params\":{\"hello\":\"EHLO\",\"domain\":\"mail.example\"}}"),
                Arguments.of("option redis-check", "{\"adv_check\":\"redis-check\"}"));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void checkOptionsRoundTrip(String text, String model) throws Exception {
        Line line = Line.of(text, "\n");
        ObjectNode read = Json.MAPPER.createObjectNode();
        CHECK.read(List.of(line), read);
        assertEquals(json(model), same(read));
        assertSame(line, line.rewritten(CHECK.words(read).orElseThrow(), GrammarTest::readCheck), "unchanged: the line as written");
    }

    /** [method] uri: a method needs a uri after it (/ when none), a uri alone has no method and no version. */
    @Test
    void aLeadingWordIsWrittenOnlyWithTheWordAfterIt() throws Exception {
        assertEquals("option httpchk GET /", check("{\"method\":\"GET\",\"uri\":\"\"}"));
        assertEquals("option httpchk PUT / HTTP/1.1", check("{\"method\":\"PUT\",\"version\":\"HTTP/1.1\"}"));
        assertEquals("option httpchk /x", check("{\"uri\":\"/x\",\"version\":\"HTTP/1.1\"}"));
        assertEquals("option httpchk", check("{\"method\":\"\"}"));
        Line changed = Line.of("\toption httpchk  GET  /x \"HTTP/1.1\\r\\nHost:\\ a\"", "\n").rewritten(CHECK.words(json(
                "{\"adv_check\":\"httpchk\",\"httpchk_params\":{\"method\":\"HEAD\",\"uri\":\"/x\","
                        + "\"version\":\"HTTP/1.1\\r\\nHost: a\"}}")).orElseThrow(), GrammarTest::readCheck);
        assertEquals("\toption httpchk  HEAD  /x \"HTTP/1.1\\r\\nHost:\\ a\"", changed.text(), "only the method's word");
        ConfigException method = assertThrows(ConfigException.class, () -> CHECK.words(json(
                "{\"adv_check\":\"httpchk\",\"httpchk_params\":{\"method\":\"FETCH\",\"uri\":\"/\"}}")));
        assertEquals("httpchk_params.method in body should be one of "
                + "[CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE]", method.getMessage());
        ConfigException uri = assertThrows(ConfigException.class, () -> CHECK.words(json(
                "{\"adv_check\":\"httpchk\",\"httpchk_params\":{\"uri\":\"/a b\"}}")));
        assertEquals(605, uri.code());
        ConfigException check = assertThrows(ConfigException.class, () -> CHECK.words(json("{\"adv_check\":\"http\"}")));
        assertEquals("adv_check in body should be one of [httpchk, ldap-check, mysql-check, pgsql-check, redis-check, "
                + "smtpchk, ssl-hello-chk, tcp-check]", check.getMessage());
    }

    /** The check option's model of a line, which says whether a word kept as written reads the same. */
    private static ObjectNode readCheck(Line line) {
        ObjectNode read = Json.MAPPER.createObjectNode();
        CHECK.read(List.of(line), read);
        return read;
    }

    private static String check(String params) throws Exception {
        return String.join(" ", CHECK.words(json("{\"adv_check\":\"httpchk\",\"httpchk_params\":" + params + "}"))
                .orElseThrow());
    }

    /** A variant: a fixed word, a name(args) word, or an address:port pair; the variant's name in the field. */
    @Test
    void aVariantWordTellsItsVariant() throws Exception {
        ObjectNode read = Json.MAPPER.createObjectNode();
        SOURCE.read(List.of(Line.of("source 0.0.0.0 usesrc 10.0.0.1:99 interface eth0", "\n")), read);
        assertEquals(json("{\"source\":{\"address\":\"0.0.0.0\",\"usesrc\":\"address\",\"address_second\":"
                + "\"10.0.0.1\",\"port_second\":99,\"interface\":\"eth0\"}}"), same(read));
        ObjectNode clientip = Json.MAPPER.createObjectNode();
        SOURCE.read(List.of(Line.of("source 0.0.0.0:x usesrc clientip", "\n")), clientip);
        assertEquals(json("{\"source\":{\"address\":\"0.0.0.0:x\",\"usesrc\":\"clientip\"}}"), clientip,
                "a port that is no number stays in the address");
        LineField source = (LineField) SOURCE;
        assertEquals(List.of("source", "10.0.0.1:80", "usesrc", "hdr_ip(X)"), source.words(json(
                "{\"address\":\"10.0.0.1\",\"port\":80,\"usesrc\":\"hdr_ip\",\"hdr\":\"X\"}")).orElseThrow());
        ConfigException usesrc = assertThrows(ConfigException.class, () -> source.words(json(
                "{\"address\":\"10.0.0.1\",\"usesrc\":\"proxy\"}")));
        assertEquals("source.usesrc in body should be one of [address, client, clientip, hdr_ip]", usesrc.getMessage());
        ConfigException port = assertThrows(ConfigException.class, () -> source.words(json(
                "{\"address\":\"10.0.0.1\",\"port\":\"80\"}")));
        assertEquals(400, port.status());
        assertEquals(602, assertThrows(ConfigException.class, () -> source.words(json("{\"port\":80}"))).code());
    }

    /** A user line: the password's keyword read as secure_password, groups written only when there are some. */
    @Test
    void aKeywordReadAsAValue() throws Exception {
        Line line = Line.of("  user ann  password '$5$x$y'  groups a,b", "\n");
        ObjectNode user = NamedLine.USER.read(line);
        assertEquals(json("{\"username\":\"ann\",\"secure_password\":true,\"password\":\"$5$x$y\","
                + "\"groups\":\"a,b\"}"), user);
        assertSame(line, line.rewritten(NamedLine.USER.words(user, line), NamedLine.USER::read));
        user.put("secure_password", false).put("groups", "");
        assertEquals("  user ann  insecure-password '$5$x$y'", line.rewritten(NamedLine.USER.words(user, line), NamedLine.USER::read).text());
        user.remove("secure_password");
        assertEquals(List.of("user", "ann", "insecure-password", "$5$x$y"), NamedLine.USER.words(user, null));
        user.remove("password");
        assertEquals("password in body is required",
                assertThrows(ConfigException.class, () -> NamedLine.USER.words(user, null)).getMessage());
        ObjectNode group = NamedLine.GROUP.read(Line.of("group g users ann,bob", "\n"));
        assertEquals(json("{\"name\":\"g\",\"users\":\"ann,bob\"}"), group);
        assertEquals(List.of("group", "g"), NamedLine.GROUP.words(group.put("users", ""), null));
    }

    /** The shapes: keyword arguments anywhere, positional ones in order, a condition at the end. */
    @Test
    void argumentShapesReadAnywhereAndWriteInTableOrder() throws Exception {
        ArgList args = ArgList.of(List.of(Arg.word("name"), Arg.oneOf("type", "insert", "rewrite"),
                Arg.enabled("indirect", "indirect"), Arg.param("maxidle", "maxidle", Value.TIME),
                Arg.flag("secure", "secure"), Arg.rest("rest"), Arg.condition("cond")));
        Line line = Line.of("cookie secure maxidle 1m SRV insert extra 'x y' if { ssl_fc }", "\n");
        ObjectNode model = Json.MAPPER.createObjectNode();
        args.read(line, 1, model);
        assertEquals(json("{\"cond\":\"if\",\"cond_test\":\"{ ssl_fc }\",\"secure\":true,\"maxidle\":60000,"
                + "\"type\":\"insert\",\"name\":\"SRV\",\"rest\":\"extra 'x y'\"}"), same(model));
        List<String> words = new ArrayList<>(List.of("cookie"));
        args.write(model, "cookie.", words);
        assertEquals("cookie SRV extra 'x y' insert maxidle 60000 secure if { ssl_fc }", String.join(" ", words));
        assertEquals(Words.of(line.text()).size(), Words.of(String.join(" ", words)).size());
        ConfigException e = assertThrows(ConfigException.class,
                () -> args.write(json("{\"name\":\"a\",\"type\":\"prefix\"}"), "cookie.", new ArrayList<>()));
        assertEquals("cookie.type in body should be one of [insert, rewrite]", e.getMessage());
    }

    @Test
    void pairsCallsKeyedValuesAndHeaders() throws Exception {
        ObjectField auth = ObjectField.of("stats_auths", "stats auth", Arg.pair("user", "passwd"));
        assertEquals(json("{\"user\":\"admin\",\"passwd\":\"s:e\"}"), auth.readLine(Line.of("stats auth admin:s:e", "\n")));
        ObjectField persist = ObjectField.of("persist_rule", "persist", Arg.call("type", "rdp_cookie_name"));
        ObjectNode p = persist.readLine(Line.of("persist rdp-cookie(msts)", "\n"));
        assertEquals(json("{\"type\":\"rdp-cookie\",\"rdp_cookie_name\":\"msts\"}"), p);
        assertEquals(List.of("persist", "rdp-cookie(msts)"), persist.words(p).orElseThrow());
        assertEquals(List.of("persist", "rdp-cookie"), persist.words(json("{\"type\":\"rdp-cookie\"}")).orElseThrow());

        Line rule = Line.of("http-request return status 200 string \"a b\" hdr X-A %[src] hdr X-B 'c d'", "\n");
        ObjectNode r = RuleTables.HTTP_REQUEST.read(rule);
        assertEquals("string", r.get("return_content_format").asText());
        assertEquals("a b", r.get("return_content").asText());
        assertEquals(json("[{\"name\":\"X-A\",\"fmt\":\"%[src]\"},{\"name\":\"X-B\",\"fmt\":\"c d\"}]"), r.get("return_hdrs"));
        assertEquals("http-request return status 200 string \"a b\" hdr X-A %[src] hdr X-B \"c d\"",
                String.join(" ", RuleTables.HTTP_REQUEST.words(r)));
        r.put("return_content_format", "file").put("return_content", "/a b");
        assertEquals(605, assertThrows(ConfigException.class, () -> RuleTables.HTTP_REQUEST.words(r)).code());
        r.put("return_content", "/etc/x.http");
        assertEquals("http-request return status 200 file /etc/x.http hdr X-A %[src] hdr X-B \"c d\"",
                String.join(" ", RuleTables.HTTP_REQUEST.words(r)));
        r.put("return_content_format", "html");
        assertEquals("return_content_format in body should be one of [errorfile, errorfiles, file, lf-file, string, lf-string]",
                assertThrows(ConfigException.class, () -> RuleTables.HTTP_REQUEST.words(r)).getMessage());

        ObjectNode counter = RuleTables.HTTP_REQUEST.read(Line.of("http-request sc-add-gpc(1,2) req.hdr(x) if TRUE", "\n"));
        assertEquals(json("{\"type\":\"sc-add-gpc\",\"sc_idx\":1,\"sc_id\":2,\"cond\":\"if\",\"cond_test\":\"TRUE\","
                + "\"sc_expr\":\"req.hdr(x)\"}"), same(counter));
        assertEquals("http-request sc-add-gpc(1,2) req.hdr(x) if TRUE",
                String.join(" ", RuleTables.HTTP_REQUEST.words(counter)));
        ObjectNode lua = RuleTables.HTTP_REQUEST.read(Line.of("http-request lua.hello a b", "\n"));
        assertEquals(json("{\"type\":\"lua\",\"lua_action\":\"hello\",\"lua_params\":\"a b\"}"), same(lua));
    }

    @Test
    void serverParametersReadThroughTheSameArguments() throws Exception {
        Line server = Line.of("server s 127.0.0.1:80 check inter 2s proxy-v2-options ssl,cert-cn weight 10", "\n");
        ObjectNode model = LineModel.SERVER.read(server);
        assertEquals(json("{\"name\":\"s\",\"address\":\"127.0.0.1\",\"port\":80,\"check\":\"enabled\",\"inter\":2000,"
                + "\"proxy-v2-options\":[\"ssl\",\"cert-cn\"],\"weight\":10}"), same(model));
        assertSame(server, server.rewritten(LineModel.SERVER.words(model, server), LineModel.SERVER::read));
        model.put("check", "maybe");
        assertEquals(605, assertThrows(ConfigException.class, () -> LineModel.SERVER.words(model, server)).code());
        Line bind = Line.of("bind :80 expose-fd listeners", "\n");
        assertEquals(true, LineModel.BIND.read(bind).get("expose_fd_listeners").asBoolean());
    }

    /** Lines of the rule families, each read and written back as it was (the same line, not a copy). */
    static Stream<Arguments> ruleLines() {
        return Stream.of(
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response set-map(/etc/a.map) %[src] %[dst] if TRUE",
                        "{\"type\":\"set-map\",\"map_file\":\"/etc/a.map\",\"map_keyfmt\":\"%[src]\","
                                + "\"map_valuefmt\":\"%[dst]\",\"cond\":\"if\",\"cond_test\":\"TRUE\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response del-acl(/etc/a.acl)  %[src]",
                        "{\"type\":\"del-acl\",\"acl_file\":\"/etc/a.acl\",\"acl_keyfmt\":\"%[src]\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response del-map(/etc/a.map) %[src]",
                        "{\"type\":\"del-map\",\"map_file\":\"/etc/a.map\",\"map_keyfmt\":\"%[src]\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response set-log-level silent",
                        "{\"type\":\"set-log-level\",\"log_level\":\"silent\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response strict-mode off",
                        "{\"type\":\"strict-mode\",\"strict_mode\":\"off\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response sc-inc-gpc(1,2)",
                        "{\"type\":\"sc-inc-gpc\",\"sc_idx\":1,\"sc_id\":2}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response sc-set-gpt0(0) 7 unless FALSE",
                        "{\"type\":\"sc-set-gpt0\",\"sc_id\":0,\"sc_int\":7,\"cond\":\"unless\",\"cond_test\":\"FALSE\"}"),
                Arguments.of(RuleTables.HTTP_AFTER_RESPONSE, "http-after-response sc-add-gpc(1,2) req.hdr(x)",
                        "{\"type\":\"sc-add-gpc\",\"sc_idx\":1,\"sc_id\":2,\"sc_expr\":\"req.hdr(x)\"}"),
                Arguments.of(RuleTables.TCP_REQUEST, "tcp-request content set-priority-class int(1) if TRUE",
                        "{\"type\":\"content\",\"action\":\"set-priority\",\"priority_type\":\"class\","
                                + "\"expr\":\"int(1)\",\"cond\":\"if\",\"cond_test\":\"TRUE\"}"),
                Arguments.of(RuleTables.TCP_REQUEST, "tcp-request content set-priority-offset  int(-5)",
                        "{\"type\":\"content\",\"action\":\"set-priority\",\"priority_type\":\"offset\","
                                + "\"expr\":\"int(-5)\"}"),
                Arguments.of(RuleTables.HTTP_CHECK, "http-check connect port 8080 ssl",
                        "{\"type\":\"connect\",\"port\":8080,\"ssl\":true}"),
                Arguments.of(RuleTables.TCP_CHECK, "tcp-check connect port $CHECK_PORT",
                        "{\"action\":\"connect\",\"port_string\":\"$CHECK_PORT\"}"),
                Arguments.of(RuleTables.LOG_TARGET, "log 127.0.0.1:514 len 512 sample 1-3:5 local0 info",
                        "{\"address\":\"127.0.0.1:514\",\"length\":512,\"sample_range\":\"1-3\",\"sample_size\":5,"
                                + "\"facility\":\"local0\",\"level\":\"info\"}"));
    }

    @ParameterizedTest
    @MethodSource("ruleLines")
    void ruleFamiliesReadTheirFieldsAndWriteThemBackUnchanged(LineCodec codec, String text, String model)
            throws Exception {
        Line line = Line.of(text, "\n");
        ObjectNode read = codec.read(line);
        assertEquals(json(model), same(read));
        assertSame(line, line.rewritten(codec.words(read), codec::read));
        assertEquals(read, codec.read(Line.of(String.join(" ", codec.words(json(model))), "\n")), "written from the model");
    }

    @Test
    void sectionFieldsOfPeersFcgiAppsAndGlobalReadAndWriteTheirDirectives() throws Exception {
        List<Line> fcgi = Stream.of("  log-stderr global", "  log-stderr 127.0.0.1:514 len 512 format rfc5424 sample 1:3 local0 info",
                "  pass-header X-Foo if { src 127.0.0.1 }", "  set-param SERVER_NAME \"%[hdr(host)] x\" unless FALSE")
                .map(t -> Line.of(t, "\n")).toList();
        ObjectNode app = Json.MAPPER.createObjectNode();
        SectionTables.FCGI_APP.forEach(f -> f.read(fcgi, app));
        assertEquals(json("{\"log_stderrs\":[{\"global\":true},{\"address\":\"127.0.0.1:514\",\"len\":512,"
                + "\"format\":\"rfc5424\",\"sample\":{\"ranges\":\"1\",\"size\":3},\"facility\":\"local0\","
                + "\"level\":\"info\"}],\"pass_headers\":[{\"name\":\"X-Foo\",\"cond\":\"if\","
                + "\"cond_test\":\"{ src 127.0.0.1 }\"}],\"set_params\":[{\"name\":\"SERVER_NAME\","
                + "\"format\":\"%[hdr(host)] x\",\"cond\":\"unless\",\"cond_test\":\"FALSE\"}]}"), same(app));
        List<String> written = new ArrayList<>();
        List<FieldMapping> lists = SectionTables.FCGI_APP.subList(SectionTables.FCGI_APP.size() - 3,
                SectionTables.FCGI_APP.size());
        for (FieldMapping f : lists) {
            f.lines(f.valueIn(app)).forEach(w -> written.add("  " + String.join(" ", w)));
        }
        assertEquals(fcgi.stream().map(Line::text).toList(), written);
        ObjectNode broken = app.deepCopy();
        ((ObjectNode) broken.get("log_stderrs").get(1).get("sample")).remove("size");
        assertEquals(602, assertThrows(ConfigException.class,
                () -> lists.get(0).lines(broken.get("log_stderrs"))).code());

        Section peers = new Section("peers", "p", Line.of("peers p", "\n"), Stream.of("  default-bind v4v6 maxconn 10",
                "  default-server fall 3 inter 2s", "  disabled", "  shards 3").map(t -> Line.of(t, "\n")).toList());
        ObjectNode p = SectionEditor.read(peers, SectionTables.PEERS);
        assertEquals(json("{\"name\":\"p\",\"default_bind\":{\"v4v6\":true,\"maxconn\":10},"
                + "\"default_server\":{\"fall\":3,\"inter\":2000},\"disabled\":true,\"shards\":3}"), same(p));
        assertEquals(peers, SectionEditor.write(peers, SectionTables.PEERS, p, "\n"), "written back unchanged");
    }

    /** The deprecated top-level name of the DH parameter size reads the same directive and never writes a second one. */
    @Test
    void aDeprecatedAliasReadsTheDirectiveAndTheGroupWins() throws Exception {
        Section global = new Section("global", "", Line.of("global", "\n"), Stream.of("  tune.ssl.default-dh-param 2048",
                "  tune.fail-alloc").map(t -> Line.of(t, "\n")).toList());
        ObjectNode g = SectionEditor.read(global, SectionTables.GLOBAL);
        assertEquals(2048, g.get("tune_ssl_default_dh_param").asInt());
        assertEquals(json("{\"fail_alloc\":true,\"ssl_default_dh_param\":2048}"), same(g.get("tune_options")));
        assertEquals(global, SectionEditor.write(global, SectionTables.GLOBAL, g, "\n"));
        ((ObjectNode) g.get("tune_options")).put("ssl_default_dh_param", 4096);
        assertEquals(List.of("  tune.ssl.default-dh-param 4096", "  tune.fail-alloc"),
                SectionEditor.write(global, SectionTables.GLOBAL, g, "\n").body().stream().map(Line::text).toList());
        g.remove("tune_options");
        assertEquals(List.of("  tune.ssl.default-dh-param 2048"),
                SectionEditor.write(global, SectionTables.GLOBAL, g, "\n").body().stream().map(Line::text).toList());
    }
}
