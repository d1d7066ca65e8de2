package org.parkkg.neo4jlocal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j Community with Bolt on 127.0.0.1, for local development and CI.
 *
 * <p>Options (argument wins over environment variable):
 * --data-dir / NEO4J_LOCAL_DATA (required), --bolt-port / NEO4J_LOCAL_PORT (7687),
 * --password / NEO4J_LOCAL_PASSWORD ("parkkg-dev-password", user "neo4j").
 * Prefer the env var for the password: arguments are visible in ps.
 *
 * <p>Prints {@code NEO4J_LOCAL_READY bolt://127.0.0.1:<port>} once Bolt accepts logins with
 * the configured password; on failure prints {@code NEO4J_LOCAL_FAILED <reason>} to stderr
 * and exits 1. Neo4j's own logs go to {@code <data-dir>/logs}.
 */
public final class Neo4jLocal {
    static final String READY = "NEO4J_LOCAL_READY";
    static final String FAILED = "NEO4J_LOCAL_FAILED";
    static final String DEFAULT_PASSWORD = "parkkg-dev-password";

    private Neo4jLocal() {}

    public static void main(String[] args) {
        String dataDirArg = option(args, "--data-dir", "NEO4J_LOCAL_DATA", null);
        String portArg = option(args, "--bolt-port", "NEO4J_LOCAL_PORT", "7687");
        String password = option(args, "--password", "NEO4J_LOCAL_PASSWORD", DEFAULT_PASSWORD);
        if (dataDirArg == null || dataDirArg.isBlank()) {
            fail("--data-dir (or NEO4J_LOCAL_DATA) is required", null);
        }
        int port = 0;
        try {
            port = Integer.parseInt(portArg);
        } catch (NumberFormatException e) {
            fail("bad --bolt-port: " + portArg, null);
        }
        if (port < 1 || port > 65535) {
            fail("bad --bolt-port: " + portArg, null);
        }
        Path home = Path.of(dataDirArg).toAbsolutePath().normalize();
        run(home, port, password);
    }

    private static void run(Path home, int port, String password) {
        Path logs = home.resolve("logs");
        OutputStream userLog;
        try {
            Files.createDirectories(logs);
            // Neo4j's "user log" (startup/shutdown messages) to a file, not stdout.
            userLog = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        } catch (IOException e) {
            fail("cannot create " + logs + ": " + e.getMessage(), null);
            return;
        }
        Log4jLogProvider userLogProvider = new Log4jLogProvider(userLog, Level.INFO);

        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(userLogProvider)
                    .setConfig(GraphDatabaseSettings.logs_directory, logs)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    // Matches listen address so neo4j:// (routing) URIs also work.
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // Kill runaway dev queries instead of hanging tests.
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                    // Small footprint: dev data is tiny.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                    // Don't reserve 256 MiB per transaction log file on disk.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // dbms.usage_report.enabled: no outbound "phone home".
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // dbms.security.allow_csv_import_from_file_urls: no LOAD CSV from local files.
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    // Internal setting: netty otherwise waits a 5 s quiet period per Bolt
                    // connector (two of them) on shutdown, making `stop` take ~10 s longer.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (RuntimeException e) {
            fail("could not start Neo4j on 127.0.0.1:" + port, e);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT: flush and close the store so the next start needs no recovery.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
                userLogProvider.close();
                System.out.println("NEO4J_LOCAL_STOPPED");
            } finally {
                stopped.countDown();
            }
        }, "neo4j-local-shutdown"));

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(Duration.ofSeconds(60).toMillis())) {
                throw new IllegalStateException("default database not available after 60 s");
            }
            long t1 = System.nanoTime();
            System.out.println(setPassword(dbms, password)
                    ? "neo4j-local: password of user neo4j set"
                    : "neo4j-local: password of user neo4j already up to date");
            waitForPort(port, Duration.ofSeconds(30));
            System.out.printf("neo4j-local: databases up in %d ms, password step %d ms%n",
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        } catch (RuntimeException e) {
            // exit() runs the shutdown hook, which closes the store.
            fail("Neo4j started but is not usable", e);
        }
        System.out.println(READY + " bolt://127.0.0.1:" + port);
        System.out.flush();

        try {
            stopped.await(); // Only a signal ends the process.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the configured password the neo4j user's password, on every start, so changing
     * NEO4J_LOCAL_PASSWORD takes effect. Embedded transactions bypass auth, so no old
     * password is needed. Neo4j refuses to "change" to the current password; that is fine.
     */
    private static boolean setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            return true;
        } catch (QueryExecutionException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase();
            if (msg.contains("old password and new password cannot be the same")) {
                return false;
            }
            throw e;
        }
    }

    /** Belt and braces: the READY line promises a connectable port. */
    private static void waitForPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt port " + port + " not accepting connections", e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String option(String[] args, String name, String env, String dflt) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        String v = System.getenv(env);
        return v != null && !v.isEmpty() ? v : dflt;
    }

    /** One greppable line with the root cause (e.g. "Address already in use"), then exit 1. */
    private static void fail(String what, Throwable e) {
        String detail = "";
        if (e != null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            detail = ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
            e.printStackTrace();
        }
        System.err.println(FAILED + " " + what + detail);
        System.err.flush();
        System.exit(1);
    }
}
