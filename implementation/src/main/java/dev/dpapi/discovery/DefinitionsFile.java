package dev.dpapi.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the definitions live between starts: the official keeps them in its settings file under
 * {@code service_discovery: {consuls: [...], aws_regions: [...]}}. This server never rewrites its settings file,
 * so the same block is kept in a file of its own beside it, {@code <settings name>.service_discovery.yaml}
 * (owner-only: it holds tokens and AWS keys), replaced whole and atomically. Without a settings file the
 * definitions live in memory only.
 */
final class DefinitionsFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    static final String KEY = "service_discovery";

    private final Optional<Path> file;

    DefinitionsFile(Optional<Path> file) {
        this.file = file;
    }

    /** The file kept beside a settings file: {@code dataplaneapi.hcl} gives {@code dataplaneapi.service_discovery.yaml}. */
    static Optional<Path> besideSettings(Optional<Path> settingsFile) {
        return settingsFile.map(Path::toAbsolutePath).map(s -> {
            String name = s.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return s.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + KEY + ".yaml");
        });
    }

    Optional<Path> path() {
        return file;
    }

    /** The stored definitions by kind, as written (validated by the caller); none when there is no file yet. */
    Map<Kind, List<JsonNode>> read() throws IOException {
        Map<Kind, List<JsonNode>> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            out.put(k, new ArrayList<>());
        }
        if (file.isEmpty() || !Files.exists(file.get())) {
            return out;
        }
        JsonNode root = YAML.readTree(file.get().toFile());
        JsonNode block = root == null ? null : root.path(KEY);
        if (block == null || block.isMissingNode() || block.isNull()) {
            return out;
        }
        for (Kind k : Kind.values()) {
            JsonNode list = block.path(k.listKey);
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw new IOException(file.get() + ": " + KEY + "." + k.listKey + " must be a list");
            }
            list.forEach(out.get(k)::add);
        }
        return out;
    }

    /** Replaces the file whole: a temp file in the same directory, owner-only from its creation, fsync, rename. */
    void write(Map<Kind, List<ObjectNode>> definitions) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        for (Kind k : Kind.values()) {
            block.set(k.listKey, Kind.array(definitions.getOrDefault(k, List.of())));
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set(KEY, block);
        Path target = file.get();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, YAML.writeValueAsBytes(root), StandardOpenOption.TRUNCATE_EXISTING);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
