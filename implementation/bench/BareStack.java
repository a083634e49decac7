import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The least a server built on the design's stack (Helidon SE 4 on virtual threads, junixsocket) can do for a runtime
 * server change: one route that reads the body, sends the same line the API sends (show info, the setter, the
 * backend's state) on one kept interactive connection to the stats socket, waits for it the same way (a short spin
 * on FIONREAD, then a blocking read), and answers a few bytes. No authentication, no validation, no model. Started
 * by RuntimeBenchmark, with the product's JVM options, beside the API, so that both are measured the same way: the
 * gap between this server and the socket floor is the stack's, the gap between the API and this server is ours.
 *
 *   java [the product's JVM options] -cp <the implementation's dependencies> bench/BareStack.java SOCKET PORT
 */
public class BareStack {

    private static InputStream in;
    private static OutputStream out;
    private static final byte[] BUFFER = new byte[1 << 16];

    public static void main(String[] args) throws Exception {
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        socket.connect(AFUNIXSocketAddress.of(new File(args[0])));
        in = socket.getInputStream();
        out = socket.getOutputStream();
        out.write("prompt\n".getBytes(StandardCharsets.US_ASCII));
        readAnswers(1);
        WebServer server = WebServer.builder().host("127.0.0.1").port(Integer.parseInt(args[1]))
                .routing(HttpRouting.builder()
                        .get("/v2/services/haproxy/runtime", (req, res) -> res.header("Content-Type", "application/json")
                                .send("[{\"url\":\"/runtime/servers\"}]\n".getBytes(StandardCharsets.US_ASCII)))
                        .put("/v2/services/haproxy/runtime/servers/{name}", (req, res) -> {
                            String state = req.content().as(String.class).contains("drain") ? "drain" : "ready";
                            String backend = req.query().get("backend");
                            String line = "show info\nset server " + backend + "/" + req.path().pathParameters().get("name")
                                    + " state " + state + ";show servers state " + backend + "\n";
                            int length;
                            synchronized (BareStack.class) {
                                out.write(line.getBytes(StandardCharsets.US_ASCII));
                                length = readAnswers(3);
                            }
                            res.header("Content-Type", "application/json")
                                    .send(("{\"answered\":" + length + "}\n").getBytes(StandardCharsets.US_ASCII));
                        }))
                .build().start();
        System.out.println("listening on " + server.port());
    }

    /** Reads until {@code answers} prompts went by; the bytes read. Waits up to 50 us before a read that would park. */
    private static int readAnswers(int answers) throws IOException {
        long until = System.nanoTime() + 50_000;
        while (in.available() == 0 && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        int seen = 0;
        int total = 0;
        byte last = 0;
        byte beforeLast = 0;
        while (seen < answers) {
            int n = in.read(BUFFER);
            if (n < 0) {
                throw new EOFException("the stats socket closed");
            }
            total += n;
            for (int i = 0; i < n; i++) {
                byte b = BUFFER[i];
                if ((beforeLast == '\n' || beforeLast == 0) && last == '>' && b == ' ') { // "\n> " ends an answer
                    seen++;
                }
                beforeLast = last;
                last = b;
            }
        }
        return total;
    }
}
