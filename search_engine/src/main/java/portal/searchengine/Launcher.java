package portal.searchengine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Runs one OpenSearch node (cluster manager and data) with its HTTP module on
 * 127.0.0.1 until the process is stopped (SIGTERM closes the node cleanly).
 *
 * <p>Arguments: the HTTP port and the directory for the node's data, logs and
 * configuration. The node is a single-node cluster: no discovery, no replicas wanted.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher <http port> <base directory>");
            System.exit(2);
        }
        final int port = Integer.parseInt(args[0]);
        final Path base = Paths.get(args[1]).toAbsolutePath();
        Files.createDirectories(base);

        final OpenSearchRunner runner = new OpenSearchRunner();
        // The runner looks for a free HTTP port up to 9299 unless told otherwise, so
        // SEARCH_ENGINE_PORT=9300 or above would be "unavailable" however free it is.
        runner.setMaxHttpPort(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("closing the node: " + e);
            }
        }));
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(port));
            settings.put("transport.port", String.valueOf(port + 100));
            settings.put("discovery.type", "single-node");
            // Writing to an index nobody created fails, rather than making one whose
            // guessed mapping no search matches (the portal creates its indexes).
            settings.put("action.auto_create_index", "false");
            // Tests create and drop indexes all the time; keep the disk watermarks
            // from making a busy shared disk read-only.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            settings.put("indices.breaker.total.use_real_memory", "false");
        }).build(OpenSearchRunner.newConfigs()
                .basePath(base.toString())
                .numOfNode(1)
                .clusterName("portal-search-engine")
                .baseHttpPort(port - 1));
        System.out.println("OpenSearch node listening on http://127.0.0.1:" + port);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
