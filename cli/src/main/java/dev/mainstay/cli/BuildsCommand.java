package dev.mainstay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mainstay builds list|promote|rollback}: the builds of a workflow (docs/architecture.md,
 * "Builds"). Runs stay on the build that first ran them; these choose where new runs go.
 */
@Command(name = "builds", mixinStandardHelpOptions = true,
        description = "Worker builds of a workflow: runs per build, the current build, which are safe to shut down.",
        subcommands = {BuildsCommand.ListBuilds.class, BuildsCommand.Promote.class, BuildsCommand.Rollback.class})
final class BuildsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Builds of WORKFLOW, newest first: live and ended runs, workers, current, safe to shut down.")
    static final class ListBuilds implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;
        @Option(names = "--output", defaultValue = "table", description = "table or json.") Output.Format output;

        @Override
        public Integer call() throws Exception {
            return show(request(api, "GET", path(workflow, "")), output);
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "New runs of WORKFLOW go to BUILD from now on (runs already started stay on theirs).")
    static final class Promote implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;
        @Parameters(index = "1", paramLabel = "BUILD") String build;

        @Override
        public Integer call() throws Exception {
            return show(request(api, "POST", path(workflow, "/" + encode(build) + "/promote")), Output.Format.table);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "New runs of WORKFLOW go back to the build that was current before.")
    static final class Rollback implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() throws Exception {
            return show(request(api, "POST", path(workflow, "/rollback")), Output.Format.table);
        }
    }

    private static String path(String workflow, String rest) {
        return "/v1/workflows/" + encode(workflow) + "/builds" + rest;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The response body, or null after printing the runtime's error. */
    private static JsonNode request(ApiOptions api, String method, String path) throws Exception {
        String query = api.namespace() == null ? "" : "?namespace=" + encode(api.namespace());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api.url.split(",")[0].strip() + path + query))
                .header("Accept", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
        String token = api.token();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = api.httpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Output.JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            System.err.println("error: " + body.path("code").asText("HTTP " + response.statusCode()) + ": "
                    + body.path("message").asText(response.body()));
            return null;
        }
        return body;
    }

    private static int show(JsonNode builds, Output.Format format) {
        if (builds == null) {
            return 1;
        }
        if (format == Output.Format.json) {
            System.out.println(builds.toPrettyString());
            return 0;
        }
        if (builds.path("builds").isEmpty()) {
            System.out.println("no worker with a build registered '" + builds.path("workflow").asText() + "' yet");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BUILD", "FIRST SEEN", "CURRENT", "LIVE RUNS", "ENDED RUNS", "WORKERS", "SAFE TO SHUT DOWN"});
        for (JsonNode b : builds.path("builds")) {
            rows.add(new String[] {b.path("buildId").asText(), b.path("firstSeen").asText(),
                    b.path("current").asBoolean() ? "current" : (b.path("newest").asBoolean() ? "newest" : ""),
                    b.path("liveRuns").asText(), b.path("endedRuns").asText(), b.path("workers").asText(),
                    b.path("safeToShutDown").asBoolean() ? "yes" : "no"});
        }
        System.out.print(Output.table(rows));
        if ("LATEST".equals(builds.path("upgrade").asText())) {
            System.out.println("upgrade LATEST: live runs move to the current build at their next claim");
        }
        return 0;
    }
}
