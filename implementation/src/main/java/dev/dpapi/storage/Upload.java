package dev.dpapi.storage;

import dev.dpapi.runtime.Answers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/** The {@code file_upload} part of a multipart/form-data body: its file name and bytes. */
public record Upload(String fileName, byte[] content) {

    static final String FIELD = "file_upload";
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?:^|;)\\s*filename=\"([^\"]*)\"");

    /** Reads the multipart body; a body without the part (or not multipart at all) is refused 400. */
    public static Upload read(String contentType, InputStream body) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw new Answers.Refusal(400, "the file must be sent as multipart/form-data in the part " + FIELD);
        }
        MimeConfig config = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxContentLen(-1).build();
        MimeTokenStream parts = new MimeTokenStream(config);
        parts.parseHeadless(body, contentType);
        try {
            String disposition = null;
            for (EntityState state = parts.getState(); state != EntityState.T_END_OF_STREAM; state = parts.next()) {
                switch (state) {
                    case T_START_BODYPART -> disposition = null;
                    case T_FIELD -> {
                        if (parts.getField().getName().equalsIgnoreCase("Content-Disposition")) {
                            disposition = parts.getField().getBody();
                        }
                    }
                    case T_BODY -> {
                        if (disposition != null && FIELD.equals(group(NAME, disposition).orElse(null))) {
                            String fileName = group(FILE_NAME, disposition).orElseThrow(() ->
                                    new Answers.Refusal(400, "the part " + FIELD + " has no file name"));
                            return new Upload(fileName, parts.getDecodedInputStream().readAllBytes());
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (MimeException | IOException e) {
            throw new Answers.Refusal(400, "reading the multipart body: " + e.getMessage());
        }
        throw new Answers.Refusal(400, "the multipart body has no part " + FIELD);
    }

    private static Optional<String> group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
