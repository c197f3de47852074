package dev.mainstay.cli;

import dev.mainstay.sdk.MainstayClient;
import picocli.CommandLine.Option;

/** The runtime a client command talks to. */
final class ApiOptions {
    @Option(names = "--url", defaultValue = "${env:MAINSTAY_URL:-http://127.0.0.1:7676}",
            description = "Runtime HTTP address (env MAINSTAY_URL; default ${DEFAULT-VALUE}).")
    String url;

    MainstayClient client() {
        return MainstayClient.connect(url);
    }
}
