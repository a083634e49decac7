package dev.dpapi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpapi.text.ConfigException;
import dev.dpapi.text.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code source <addr>[:<port>] [usesrc {<addr2>[:<port2>] | client | clientip | hdr_ip(<hdr>[,<occ>])}]
 * [interface <name>]} ↔ the {@code source} object.
 */
record SourceField() implements LineField {

    @Override
    public String json() {
        return "source";
    }

    /** The source object, as a schema property of the section model. */
    void schema(Map<String, JsonNode> properties) {
        properties.put("source", CheckOptionField.object(Map.of("address", Value.WORD, "port", Value.INTEGER,
                "usesrc", USESRC, "address_second", Value.WORD, "port_second", Value.INTEGER, "hdr", Value.WORD,
                "occ", Value.WORD, "interface", Value.WORD)));
    }

    private static final Value USESRC = Value.choice("address", "client", "clientip", "hdr_ip");

    @Override
    public Set<String> firstWords() {
        return Set.of("source");
    }

    @Override
    public boolean owns(Line line) {
        return line.keyword().equals("source") && line.words().size() > 1;
    }

    @Override
    public void read(List<Line> directives, ObjectNode out) {
        lastOwned(directives).ifPresent(line -> {
            ObjectNode source = out.putObject("source");
            List<String> w = line.words();
            address(w.get(1), source, "address", "port");
            for (int i = 2; i + 1 < w.size(); i += 2) {
                String next = w.get(i + 1);
                switch (w.get(i)) {
                    case "interface" -> source.put("interface", next);
                    case "usesrc" -> usesrc(next, source);
                    default -> i--; // a word we do not model: look again from the next one
                }
            }
        });
    }

    private static void usesrc(String word, ObjectNode source) {
        if (word.equals("client") || word.equals("clientip")) {
            source.put("usesrc", word);
        } else if (word.startsWith("hdr_ip(") && word.endsWith(")")) {
            source.put("usesrc", "hdr_ip");
            String[] args = word.substring("hdr_ip(".length(), word.length() - 1).split(",", 2);
            source.put("hdr", args[0]);
            if (args.length > 1) {
                source.put("occ", args[1]);
            }
        } else {
            source.put("usesrc", "address");
            address(word, source, "address_second", "port_second");
        }
    }

    /** {@code addr[:port]}: the port is what follows the last colon when it is a number (IPv6 has colons). */
    private static void address(String word, ObjectNode out, String addressField, String portField) {
        int colon = word.lastIndexOf(':');
        Optional<Long> port = colon < 0 ? Optional.empty() : Value.parseLong(word.substring(colon + 1));
        out.put(addressField, port.isPresent() ? word.substring(0, colon) : word);
        port.ifPresent(p -> out.put(portField, p));
    }

    @Override
    public Optional<List<String>> words(JsonNode value) throws ConfigException {
        if (value == null || !value.isObject() || !value.hasNonNull("address")) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(List.of("source", withPort(value, "address", "port")));
        String usesrc = value.path("usesrc").asText("");
        switch (usesrc) {
            case "" -> {
            }
            case "client", "clientip" -> words.addAll(List.of("usesrc", usesrc));
            case "hdr_ip" -> {
                String occ = value.hasNonNull("occ") ? "," + Value.WORD.write("source.occ", value.get("occ")) : "";
                words.addAll(List.of("usesrc", "hdr_ip(" + Value.WORD.write("source.hdr", value.path("hdr")) + occ + ")"));
            }
            case "address" -> words.addAll(List.of("usesrc", withPort(value, "address_second", "port_second")));
            default -> USESRC.write("source.usesrc", value.path("usesrc"));
        }
        if (value.hasNonNull("interface")) {
            words.addAll(List.of("interface", Value.WORD.write("source.interface", value.get("interface"))));
        }
        return Optional.of(words);
    }

    private static String withPort(JsonNode value, String addressField, String portField) throws ConfigException {
        String address = Value.word("source." + addressField, value.path(addressField).asText());
        return value.hasNonNull(portField) ? address + ":" + value.get(portField).asLong() : address;
    }
}
