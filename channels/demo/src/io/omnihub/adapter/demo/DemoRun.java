package io.omnihub.adapter.demo;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import io.omnihub.adapter.common.AdapterException;
import io.omnihub.local.LocalRun;

/**
 * README command 1 ({@code ./mvnw -Prun}): Omnihub with its services, then the reference adapters playing the demo
 * story, narrated; Omnihub keeps running afterwards. {@code ./mvnw -Prun -Ddemo=false} runs Omnihub alone.
 */
public final class DemoRun {

    private DemoRun() {
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        boolean demo = !"false".equalsIgnoreCase(System.getProperty("omnihub.demo", "true"));
        if (!demo) {
            System.exit(LocalRun.start(app, Map.of()).process().waitFor());
        }
        String botSecret = random();
        String smsToken = random();
        int botPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            botPort = socket.getLocalPort();
        }
        LocalRun.Running omnihub = LocalRun.start(app, Map.of(
                "omnihub.bots.\"demo-bot\".secrets", botSecret,
                "omnihub.bots.\"demo-bot\".callback-url", "http://127.0.0.1:" + botPort + "/push",
                "omnihub.intake.sms-accounts.\"ACdemo\".secrets", smsToken,
                // the demo's bot platform listens on loopback
                "omnihub.delivery.allow-private-callbacks", "true"));
        System.out.println();
        System.out.println("[demo] The reference adapters of channels/ connect to Omnihub and play one customer's story.");
        try (Demo story = new Demo(new Demo.Setup(omnihub.url(), omnihub.kafka(), "demo-bot", botSecret, botPort,
                "ACdemo", smsToken), System.out::println)) {
            story.play(Demo.Persona.anna());
        } catch (AdapterException e) {
            System.err.println("[demo] stopped: " + e.getMessage());
        }
        System.out.println();
        System.out.println("[demo] Omnihub keeps running on " + omnihub.url() + "; Ctrl-C stops it and its services.");
        System.exit(omnihub.process().waitFor());
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
