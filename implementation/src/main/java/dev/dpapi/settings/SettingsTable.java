package dev.dpapi.settings;

import static dev.dpapi.settings.Setting.Type.BOOL;
import static dev.dpapi.settings.Setting.Type.INT;
import static dev.dpapi.settings.Setting.Type.STRING;
import static dev.dpapi.settings.Setting.Type.STRINGS;
import static dev.dpapi.settings.Setting.of;
import static dev.dpapi.settings.Setting.withEnv;

import java.util.List;
import java.util.Set;

/** Every setting of the official v2.8 server, with the flags and defaults it documents. */
final class SettingsTable {

    static final List<Setting> ALL = List.of(
            of("config_version", INT, 2, "settings file format version"),
            of("name", STRING, null, "node name (default: host name)"),
            of("mode", STRING, "single", "single or cluster"),
            of("status", STRING, null, "cluster status"),

            of("dataplaneapi.scheme", STRINGS, List.of("http"), "listeners to enable (http, https, unix)", "--scheme"),
            withEnv("dataplaneapi.host", STRING, "localhost", "HOST", "IP to listen on", "--host"),
            withEnv("dataplaneapi.port", INT, 0, "PORT", "port to listen on (0: any free port)", "--port"),
            of("dataplaneapi.socket_path", STRING, "/var/run/data-plane.sock", "unix socket to listen on", "--socket-path"),
            of("dataplaneapi.listen_limit", INT, 0, "maximum connections open at once (0: no limit)", "--listen-limit"),
            of("dataplaneapi.cleanup_timeout", STRING, "10s", "idle connections are closed after this long", "--cleanup-timeout"),
            of("dataplaneapi.graceful_timeout", STRING, "15s", "at a stop, time given to requests in flight", "--graceful-timeout"),
            of("dataplaneapi.max_header_size", STRING, "1MiB", "maximum size of a request's headers", "--max-header-size"),
            of("dataplaneapi.keep_alive", STRING, "3m", "TCP keep-alive idle time (0: no HTTP keep-alive)", "--keep-alive"),
            of("dataplaneapi.read_timeout", STRING, "30s", "a connection silent this long is closed", "--read-timeout"),
            of("dataplaneapi.write_timeout", STRING, "60s", "a request not answered within this is cut off", "--write-timeout"),
            of("dataplaneapi.max_body_size", STRING, "4MiB", "maximum request body (413 above it)", "--max-body-size"),
            of("dataplaneapi.max_upload_size", STRING, "64MiB", "maximum storage upload body (413 above it)", "--max-upload-size"),
            of("dataplaneapi.allowed_origins", STRINGS, List.of(), "browser origins allowed to make changes", "--allowed-origins"),
            of("dataplaneapi.show_system_info", BOOL, false, "show system information in /info", "-i", "--show-system-info"),
            of("dataplaneapi.disable_inotify", BOOL, false, "do not look for outside edits of haproxy.cfg at each request (SIGUSR2 or a restart reads them)", "--disable-inotify"),
            of("dataplaneapi.pid_file", STRING, null, "file to write the process id to", "--pid-file"),
            of("dataplaneapi.uid", INT, 0, "user id to switch to at start (0: unchanged; needs root)", "--uid"),
            of("dataplaneapi.gid", INT, 0, "group id to switch to at start (0: unchanged; needs root)", "--gid"),

            withEnv("dataplaneapi.tls.tls_host", STRING, null, "TLS_HOST", "IP to listen on for HTTPS (default: --host)", "--tls-host"),
            withEnv("dataplaneapi.tls.tls_port", INT, 0, "TLS_PORT", "HTTPS port", "--tls-port"),
            withEnv("dataplaneapi.tls.tls_certificate", STRING, null, "TLS_CERTIFICATE", "server certificate", "--tls-certificate"),
            withEnv("dataplaneapi.tls.tls_key", STRING, null, "TLS_PRIVATE_KEY", "server private key", "--tls-key"),
            withEnv("dataplaneapi.tls.tls_ca", STRING, null, "TLS_CA_CERTIFICATE", "CA of client certificates: HTTPS then requires one, and it replaces Basic auth there", "--tls-ca"),
            of("dataplaneapi.tls.tls_listen_limit", INT, 0, "--listen-limit of the HTTPS listener (0: as --listen-limit)", "--tls-listen-limit"),
            of("dataplaneapi.tls.tls_keep_alive", STRING, null, "--keep-alive of the HTTPS listener (default: as --keep-alive)", "--tls-keep-alive"),
            of("dataplaneapi.tls.tls_read_timeout", STRING, null, "--read-timeout of the HTTPS listener (default: as --read-timeout)", "--tls-read-timeout"),
            of("dataplaneapi.tls.tls_write_timeout", STRING, null, "--write-timeout of the HTTPS listener (default: as --write-timeout)", "--tls-write-timeout"),

            of("dataplaneapi.userlist.userlist", STRING, "controller", "userlist in haproxy.cfg used for API users", "-u", "--userlist"),
            of("dataplaneapi.userlist.userlist_file", STRING, null, "file holding that userlist instead of haproxy.cfg", "--userlist-file"),

            of("dataplaneapi.transaction.transaction_dir", STRING, "/tmp/haproxy", "transaction files directory", "-t", "--transaction-dir"),
            of("dataplaneapi.transaction.backups_number", INT, 0, "number of configuration backups to keep", "-n", "--backups-number"),
            of("dataplaneapi.transaction.backups_dir", STRING, null, "directory for configuration backups", "--backups-dir"),
            of("dataplaneapi.transaction.max_open_transactions", INT, 20, "maximum transactions in progress (0: no limit)", "--max-open-transactions"),

            of("dataplaneapi.resources.maps_dir", STRING, "/etc/haproxy/maps", "managed map files", "-p", "--maps-dir"),
            of("dataplaneapi.resources.ssl_certs_dir", STRING, "/etc/haproxy/ssl", "managed SSL certificates", "--ssl-certs-dir"),
            of("dataplaneapi.resources.general_storage_dir", STRING, "/etc/haproxy/general", "managed general files", "--general-storage-dir"),
            of("dataplaneapi.resources.update_map_files", BOOL, false, "write runtime map contents back to map files", "--update-map-files"),
            of("dataplaneapi.resources.update_map_files_period", INT, 10, "seconds between map file syncs", "--update-map-files-period"),
            of("dataplaneapi.resources.spoe_dir", STRING, "/etc/haproxy/spoe", "SPOE files", "--spoe-dir"),
            of("dataplaneapi.resources.spoe_transaction_dir", STRING, "/tmp/spoe-haproxy", "SPOE transactions", "--spoe-transaction-dir"),

            of("dataplaneapi.advertised.api_address", STRING, null, "address advertised to a cluster"),
            of("dataplaneapi.advertised.api_port", INT, 0, "port advertised to a cluster"),

            of("haproxy.config_file", STRING, "/etc/haproxy/haproxy.cfg", "managed HAProxy configuration", "-c", "--config-file"),
            of("haproxy.haproxy_bin", STRING, "haproxy", "HAProxy binary", "-b", "--haproxy-bin"),
            of("haproxy.master_runtime", STRING, null, "HAProxy master CLI socket", "-m", "--master-runtime"),
            of("haproxy.fid", STRING, null, "file for the cluster node id", "--fid"),
            of("haproxy.master_worker_mode", BOOL, false, "reload through the master CLI of master_runtime instead of the reload command", "--master-worker-mode"),
            of("haproxy.reload.reload_delay", INT, 5, "seconds between scheduled reloads", "-d", "--reload-delay"),
            of("haproxy.reload.reload_cmd", STRING, null, "command reloading HAProxy after a change", "-r", "--reload-cmd"),
            of("haproxy.reload.restart_cmd", STRING, null, "command restarting HAProxy when a change needs more than a reload", "-s", "--restart-cmd"),
            of("haproxy.reload.status_cmd", STRING, null, "status command (used by /health)", "--status-cmd"),
            of("haproxy.reload.service_name", STRING, null, "service name for the systemd and s6 strategies", "--service"),
            of("haproxy.reload.reload_retention", INT, 1, "days to keep failed reload records", "--reload-retention"),
            of("haproxy.reload.reload_strategy", STRING, "custom", "custom, systemd or s6", "--reload-strategy"),
            of("haproxy.reload.validate_cmd", STRING, null, "command validating a configuration instead of haproxy -c", "--validate-cmd"),

            of("cluster.cluster_tls_dir", STRING, null, "cluster certificates directory", "--cluster-tls-dir"),
            of("cluster.id", STRING, null, "cluster node id"),
            of("cluster.bootstrap_key", STRING, null, "cluster bootstrap key"),
            of("cluster.active_bootstrap_key", STRING, null, "active cluster bootstrap key"),
            of("cluster.token", STRING, null, "cluster token"),
            of("cluster.url", STRING, null, "cluster URL"),
            of("cluster.port", INT, 0, "cluster port"),
            of("cluster.api_base_path", STRING, null, "cluster API base path"),
            of("cluster.api_nodes_path", STRING, null, "cluster API nodes path"),
            of("cluster.api_register_path", STRING, null, "cluster API register path"),
            of("cluster.storage_dir", STRING, null, "cluster storage directory"),
            of("cluster.cert_path", STRING, null, "cluster certificate path"),
            of("cluster.cert_fetched", BOOL, false, "cluster certificate fetched"),
            of("cluster.name", STRING, null, "cluster name"),
            of("cluster.description", STRING, null, "cluster description"),
            of("cluster.cluster_id", STRING, null, "cluster id"),

            of("log.log_to", STRING, "stdout", "stdout, file or syslog", "--log-to"),
            of("log.log_file", STRING, "/var/log/dataplaneapi/dataplaneapi.log", "log file", "--log-file"),
            of("log.log_level", STRING, "warning", "trace, debug, info, warning or error (a password, key or Authorization header is never logged)", "--log-level"),
            of("log.log_format", STRING, "text", "text or JSON", "--log-format"),
            of("log.apache_common_log_format", STRING, "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" %{us}T",
                    "format of access log lines (Apache style)", "--apache-common-log-format"),
            of("log.syslog.syslog_address", STRING, null, "syslog address (host:port, or a socket path for unix and unixgram)", "--syslog-address"),
            of("log.syslog.syslog_protocol", STRING, "tcp", "syslog protocol: tcp, tcp4, tcp6, udp, udp4, udp6, unix or unixgram", "--syslog-protocol"),
            of("log.syslog.syslog_tag", STRING, "dataplaneapi", "syslog tag", "--syslog-tag"),
            of("log.syslog.syslog_level", STRING, "debug", "lowest syslog severity sent", "--syslog-level"),
            of("log.syslog.syslog_facility", STRING, "local0", "syslog facility", "--syslog-facility"));

    /** Keys whose value is a whole structure (lists of objects, labelled blocks), read as such. */
    static final Set<String> STRUCTURES = Set.of(
            "dataplaneapi.user", "log_targets", "service_discovery", "cluster.cluster_log_targets");

    private SettingsTable() {
    }
}
