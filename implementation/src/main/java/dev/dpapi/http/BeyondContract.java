package dev.dpapi.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A model field this server sends beyond the official contract (users asked for it): documented with
 * {@code x-beyond-contract: true}, so that a reader of our document, and the contract check, can tell it apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface BeyondContract {
}
