package dev.dpapi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DateHeaderTest {

    /** RFC 9110 5.6.7: day-name, two-digit day, month name, four-digit year, two-digit time fields, GMT. */
    static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

    @Test
    void aSingleDigitDayKeepsItsLeadingZero() {
        // 2026-12-01T15:54:38Z: Helidon's own header said "Tue, 1 Dec 2026 15:54:38 GMT"
        assertEquals("Tue, 01 Dec 2026 15:54:38 GMT", DateHeader.imfFixdate(1_796_140_478L));
    }

    @Test
    void everySecondIsWrittenInHttpFormatAndReadsBackTheSame() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(0, 4_102_444_800L); // 1970 to 2100
            String date = DateHeader.imfFixdate(second);
            assertTrue(date.matches(IMF_FIXDATE), date);
            assertEquals(second, ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond(), date);
        }
    }
}
