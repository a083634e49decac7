package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the documentation's files read If-None-Match: a list of tags, weak or strong alike, or any. */
class IfNoneMatchTest {

    private static final String TAG = "\"0a1b2c\"";

    @Test
    void theTagInAnyFormOfTheListMatches() {
        for (String header : List.of(TAG, "W/" + TAG, "\"other\", " + TAG, "\"other\",W/" + TAG + " ", "*")) {
            assertTrue(Documentation.matches(header, TAG), header);
        }
    }

    @Test
    void otherTagsDoNot() {
        for (String header : List.of("\"other\"", "0a1b2c", "W/\"0a1b2\"", "\"0a1b2c\"x", "", " , ")) {
            assertFalse(Documentation.matches(header, TAG), header);
        }
    }
}
