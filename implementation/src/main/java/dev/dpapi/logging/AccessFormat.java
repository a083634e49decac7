package dev.dpapi.logging;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * An Apache-style access log format ({@code apache_common_log_format}, {@code acl_format}): the directives
 * {@code %h %a %l %u %t %r %s %>s %b %B %D %T %{us}T %{ms}T %{s}T %{Name}i %{Name}o %m %U %q %H %p %v %V %%}.
 * Another directive is refused when the format is read, at start.
 */
public final class AccessFormat {

    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT);

    /** One answered request, as the access log sees it. */
    public record Exchange(String remoteHost, int localPort, String method, String uri, String path, String query,
                           String protocol, int status, long bytes, Function<String, Optional<String>> requestHeader,
                           Function<String, Optional<String>> responseHeader, ZonedDateTime start, Duration took) {
    }

    private final List<Function<Exchange, String>> parts;

    private AccessFormat(List<Function<Exchange, String>> parts) {
        this.parts = parts;
    }

    public String format(Exchange e) {
        StringBuilder line = new StringBuilder();
        parts.forEach(p -> line.append(p.apply(e)));
        return line.toString();
    }

    /** Reads a format; an unknown directive is an {@link IllegalArgumentException} naming it. */
    public static AccessFormat parse(String format) {
        List<Function<Exchange, String>> parts = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int percent = format.indexOf('%', i);
            if (percent < 0) {
                String text = format.substring(i);
                parts.add(e -> text);
                break;
            }
            if (percent > i) {
                String text = format.substring(i, percent);
                parts.add(e -> text);
            }
            int at = percent + 1;
            String argument = null;
            if (at < format.length() && format.charAt(at) == '{') {
                int close = format.indexOf('}', at);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed %{ at position " + percent);
                }
                argument = format.substring(at + 1, close);
                at = close + 1;
            }
            if (at < format.length() && format.charAt(at) == '>') {
                at++;
            }
            if (at >= format.length()) {
                throw new IllegalArgumentException("a lone % at the end");
            }
            parts.add(directive(format.charAt(at), argument, format.substring(percent, at + 1)));
            i = at + 1;
        }
        return new AccessFormat(List.copyOf(parts));
    }

    private static Function<Exchange, String> directive(char letter, String argument, String written) {
        return switch (letter) {
            case '%' -> e -> "%";
            case 'h', 'a' -> Exchange::remoteHost;
            case 'l', 'u' -> e -> "-";
            case 't' -> e -> CLF_TIME.format(e.start());
            case 'r' -> e -> e.method() + " " + e.uri() + " " + e.protocol();
            case 's' -> e -> Integer.toString(e.status());
            case 'b' -> e -> e.bytes() > 0 ? Long.toString(e.bytes()) : "-";
            case 'B' -> e -> Long.toString(Math.max(0, e.bytes()));
            case 'D' -> e -> Long.toString(e.took().toNanos() / 1000);
            case 'T' -> switch (argument == null ? "s" : argument) {
                case "us" -> e -> Long.toString(e.took().toNanos() / 1000);
                case "ms" -> e -> Long.toString(e.took().toMillis());
                case "s" -> e -> Long.toString(e.took().toSeconds());
                default -> throw new IllegalArgumentException("unknown unit in " + written);
            };
            case 'i' -> header(argument, written, Exchange::requestHeader);
            case 'o' -> header(argument, written, Exchange::responseHeader);
            case 'm' -> Exchange::method;
            case 'U' -> Exchange::path;
            case 'q' -> e -> e.query().isEmpty() ? "" : "?" + e.query();
            case 'H' -> Exchange::protocol;
            case 'p' -> e -> Integer.toString(e.localPort());
            case 'v', 'V' -> e -> e.requestHeader().apply("Host").orElse("-");
            default -> throw new IllegalArgumentException("unknown directive " + written);
        };
    }

    private static Function<Exchange, String> header(String name, String written,
                                                     Function<Exchange, Function<String, Optional<String>>> headers) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(written + " needs a header name: %{Name}" + written.charAt(written.length() - 1));
        }
        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie")) {
            return e -> "-"; // credentials never reach a log
        }
        return e -> headers.apply(e).apply(name).orElse("-");
    }
}
