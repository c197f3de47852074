package dev.mainstay.sdk;

import java.util.List;

/** One page of runs, newest first; pass {@code nextCursor} to get the next page (null on the last). */
public record RunList(List<RunInfo> runs, String nextCursor) {}
