package dev.mainstay.store;

import java.util.List;

/** One page of runs; {@code nextCursor} is null on the last page. */
public record RunPage(List<RunRecord> runs, String nextCursor) {}
