package dev.mainstay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store writer's commits as the runtime's own metrics count them ({@code /metrics}:
 * {@code mainstay_journal_commit_seconds} and {@code mainstay_journal_batch_size}), summed over the
 * nodes. Why: the commit is the floor of a durable step, so the harness prints how many commits a
 * step took and how long one took, beside the figure they bound.
 */
record CommitStats(long commits, double seconds, long writes) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile(
            "^(mainstay_journal_commit_seconds_count|mainstay_journal_commit_seconds_sum|mainstay_journal_batch_size_sum)"
                    + "(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    static CommitStats scrape(String baseUrl, String adminToken) {
        String text;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            text = response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + baseUrl + "/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        long commits = 0;
        double seconds = 0;
        long writes = 0;
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "mainstay_journal_commit_seconds_count" -> commits += (long) value;
                case "mainstay_journal_commit_seconds_sum" -> seconds += value;
                default -> writes += (long) value;
            }
        }
        return new CommitStats(commits, seconds, writes);
    }

    CommitStats plus(CommitStats other) {
        return new CommitStats(commits + other.commits, seconds + other.seconds, writes + other.writes);
    }

    CommitStats since(CommitStats before) {
        return new CommitStats(commits - before.commits, seconds - before.seconds, writes - before.writes);
    }

    /** Commits per unit of work (a step), over a window. */
    double commitsPer(long units) {
        return units == 0 ? 0 : (double) commits / units;
    }

    /** The mean time of one batch: its writes' statements and its COMMIT, in milliseconds. */
    double meanBatchMs() {
        return commits == 0 ? 0 : seconds * 1000 / commits;
    }

    /** The mean writes per commit. */
    double meanBatchSize() {
        return commits == 0 ? 0 : (double) writes / commits;
    }
}
