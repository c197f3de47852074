package dev.mainstay.store;

/** Told about every committed batch of the group committer (on the writer thread: must not block). */
@FunctionalInterface
public interface CommitObserver {
    void committed(int batchSize, long commitNanos);
}
