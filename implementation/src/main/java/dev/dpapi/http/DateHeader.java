package dev.dpapi.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header in HTTP's own format (IMF-fixdate, {@code Tue, 01 Dec 2026 15:54:38 GMT}), as the official
 * server writes it. Helidon writes the day of the month without its leading zero ({@code Tue, 1 Dec 2026}), which
 * HTTP does not allow and which Go's {@code http.ParseTime}, among others, cannot read.
 */
final class DateHeader implements Filter {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Stamp(long second, Header header) {
    }

    /** The header of the current second: formatted once a second, not once a request. */
    private volatile Stamp last = new Stamp(-1, null);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.beforeSend(() -> res.header(now()));
        chain.proceed();
    }

    static String imfFixdate(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    private Header now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp stamp = last;
        if (stamp.second() != second) {
            stamp = new Stamp(second, HeaderValues.create(HeaderNames.DATE, imfFixdate(second)));
            last = stamp;
        }
        return stamp.header();
    }
}
