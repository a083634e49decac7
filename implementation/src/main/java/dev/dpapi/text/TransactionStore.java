package dev.dpapi.text;

/** What the configuration endpoints need of transactions: their text, to read and to change, and failed changes kept. */
public interface TransactionStore {

    /** The text of an in-progress transaction; 400 {@code 20: Transaction <id> does not exist} otherwise. */
    ConfigText text(String id) throws ConfigException;

    /** Applies a change to a transaction's text: no validation, no version bump, no reload. */
    void change(String id, ConfigStore.ConfigChange change) throws ConfigException;

    /**
     * A direct change HAProxy refused: for the official server it was a transaction of its own, which stays in
     * {@code failed/} and is listed like any other. {@code refused} is the text it would have written.
     */
    void refused(ConfigText refused);
}
