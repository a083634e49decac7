package dev.dpapi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the worked example of AWS's Signature Version 4 documentation (IAM ListUsers). */
class SigV4Test {

    private static final SigV4.Credentials EXAMPLE =
            new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    @Test
    void derivesTheDocumentedSigningKey() {
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
                SigV4.hex(SigV4.signingKey(EXAMPLE.secretAccessKey(), "20150830", "us-east-1", "iam")));
    }

    @Test
    void signsTheDocumentedRequest() {
        Map<String, String> headers = SigV4.sign(EXAMPLE, "us-east-1", "iam", "GET", "/",
                "Action=ListUsers&Version=2010-05-08",
                Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8", "host", "iam.amazonaws.com"),
                new byte[0], Instant.parse("2015-08-30T12:36:00Z"));
        assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", headers.get("Authorization"));
    }

    @Test
    void aSessionTokenIsSignedAndSent() {
        Map<String, String> headers = SigV4.sign(new SigV4.Credentials("AKIDEXAMPLE", "secret", "tok en"),
                "eu-west-1", "ec2", "POST", "/", "", Map.of("host", "ec2.eu-west-1.amazonaws.com"),
                "Action=DescribeInstances".getBytes(), Instant.parse("2020-01-01T00:00:00Z"));
        assertEquals("tok en", headers.get("X-Amz-Security-Token"));
        assertEquals(true, headers.get("Authorization").contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    }
}
