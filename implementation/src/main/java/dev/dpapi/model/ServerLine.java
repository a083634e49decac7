package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpapi.text.ConfigException;
import java.util.List;

/** A server model as the words of its line, for servers made outside haproxy.cfg (the Runtime API's add server). */
public final class ServerLine {

    private ServerLine() {
    }

    /** The parameters after the address, e.g. {@code weight 10 check}; the same table as configured servers. */
    public static List<String> parameters(JsonNode server) throws ConfigException {
        List<String> words = LineModel.SERVER.words(server, null);
        return words.subList(3, words.size());
    }

    /** The {@code address[:port]} word. */
    public static String address(JsonNode server) throws ConfigException {
        return LineModel.SERVER.words(server, null).get(2);
    }
}
