package dev.dpapi.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Auto Scaling's DescribeAutoScalingInstances answer (the shape its query API documents). */
class Ec2InstancesTest {

    private static final String PAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeAutoScalingInstancesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
              <DescribeAutoScalingInstancesResult>
                <AutoScalingInstances>
                  <member>
                    <InstanceId>i-1</InstanceId>
                    <AutoScalingGroupName>web</AutoScalingGroupName>
                    <LifecycleState>InService</LifecycleState>
                    <LaunchTemplate><LaunchTemplateName>not-an-instance</LaunchTemplateName></LaunchTemplate>
                  </member>
                  <member>
                    <InstanceId>i-2</InstanceId>
                    <LifecycleState>Terminating:Wait</LifecycleState>
                  </member>
                </AutoScalingInstances>
                %s
              </DescribeAutoScalingInstancesResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </DescribeAutoScalingInstancesResponse>
            """;

    @Test
    void eachInstanceItsLifecycleStateAndTheNextPage() throws Exception {
        Map<String, String> states = new HashMap<>();
        String next = Ec2Instances.lifecycleStates(parse(PAGE.formatted("<NextToken>page-2</NextToken>")), states);
        assertEquals("page-2", next);
        assertEquals(Map.of("i-1", "InService", "i-2", "Terminating:Wait"), states);

        // the last page has no NextToken; its instances are added to those of the earlier pages
        String last = PAGE.formatted("").replace("i-1", "i-3").replace("i-2", "i-4").replace("Terminating:Wait", "Pending");
        assertNull(Ec2Instances.lifecycleStates(parse(last), states));
        assertEquals(Map.of("i-1", "InService", "i-2", "Terminating:Wait", "i-3", "InService", "i-4", "Pending"), states);
    }

    @Test
    void anErrorAnswerHasNoInstancesAndADoctypeIsRefused() throws Exception {
        Map<String, String> states = new HashMap<>();
        assertNull(Ec2Instances.lifecycleStates(parse(
                "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>"), states));
        assertEquals(Map.of(), states);
        assertThrows(IOException.class, () -> parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
    }

    private static org.w3c.dom.Document parse(String xml) throws IOException {
        return Ec2Instances.parse(xml.strip().getBytes(StandardCharsets.UTF_8));
    }
}
