package io.projectservice.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) in the test JVM. It is
 * never stopped: the JVM's exit ends it, and its temporary directories are deleted by shutdown
 * hooks while it still runs. A broker that loses its log directories halts the JVM with status 1,
 * which the build reads as a crashed test fork; so a halt asked for while the JVM is already
 * shutting down is ignored (one asked for during the tests still halts).
 *
 * <p>The broker advertises a {@link TcpProxy} as its address, so every client, the service's
 * included, reaches it through that proxy after bootstrapping, and a test can cut the path.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    private static KafkaClusterTestKit cluster;
    private static TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            if (cluster == null) {
                Exit.setHaltProcedure((status, message) -> {
                    if (!shuttingDown()) {
                        Runtime.getRuntime().halt(status);
                    }
                });
                proxy = new TcpProxy();
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
                cluster = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("advertised.listeners",
                                nodes.brokerListenerName().value() + "://127.0.0.1:" + proxy.port())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.partitions", "3")
                        .build();
                cluster.format();
                cluster.startup();
                String[] broker = cluster.bootstrapServers().split(",")[0].split(":");
                proxy.forwardTo(broker[0], Integer.parseInt(broker[1]));
                cluster.waitForReadyBrokers();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + proxy.port());
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    public static String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The path from every client to the broker. */
    public static TcpProxy link() {
        return proxy;
    }

    @Override
    public void stop() {
        // called once, after the last test class: close the broker cleanly, so the test JVM's
        // exit does not wait on its threads
        if (cluster != null) {
            proxy.close();
            try {
                cluster.close();
            } catch (Exception e) {
                // the JVM is ending anyway
            }
            cluster = null;
        }
    }
}
