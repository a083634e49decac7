/**
 * haproxy.cfg as lossless text: sections of untouched lines ({@link dev.dpapi.text.ConfigText},
 * {@link dev.dpapi.text.Section}, {@link dev.dpapi.text.Line}), words read as HAProxy reads them
 * ({@link dev.dpapi.text.Words}), and the store that owns the file. Entry point: {@link dev.dpapi.text.ConfigStore}
 * (the current text, its version, a change validated and written whole and atomically). Knows nothing of JSON
 * resources or HTTP.
 */
package dev.dpapi.text;
