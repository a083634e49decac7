package dev.dpapi.discovery;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Where a definition's services come from: the Consul catalog, or EC2 instances by tags. */
interface Source {

    /** One instance of a service: the address and port its server gets. */
    record Instance(String address, int port) implements Comparable<Instance> {
        @Override
        public int compareTo(Instance o) {
            int c = address.compareTo(o.address);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }

    /** The services found now, by name, each with its instances. A failure to ask throws, and changes nothing. */
    Map<String, List<Instance>> services() throws IOException, InterruptedException;

    /** The start of the name of every backend this definition generates (the official's naming). */
    String backendPrefix();
}
