package dev.mainstay.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Parent and child runs, kept consistent inside the transaction that ends a run: the child's
 * outcome lands in the parent's inbox (so a crash cannot lose it), and the required children of a
 * run that ended or was cancelled are cancelled with it.
 */
final class Lineage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Lineage() {}

    /** The inbox event that carries a child's outcome to its parent. */
    static String childEvent(String childId) {
        return "child:" + childId;
    }

    /** {@code runId} just ended: tell its parent, cancel its required children (and theirs). */
    static void ended(Sql sql, String runId, long nowMs, LineageEffects effects) throws SQLException {
        ended(sql, Rows.run(sql, runId).orElseThrow(), true, nowMs, effects);
    }

    /**
     * As {@link #ended(Sql, String, long, LineageEffects)} for a run the caller holds as it ended;
     * {@code liveChildren} false when it is known to have no live required children (saves their query).
     */
    static void ended(Sql sql, RunRecord ended, boolean liveChildren, long nowMs, LineageEffects effects)
            throws SQLException {
        Deque<String> endedRuns = new ArrayDeque<>();
        RunRecord run = ended;
        boolean children = liveChildren;
        while (true) {
            if (run.parentId() != null) {
                Inbox.Delivered delivered = Inbox.deliver(sql, run.parentId(), childEvent(run.id()), childEvent(run.id()),
                        outcome(run), nowMs);
                if (delivered != null && delivered.woke()) {
                    effects.woken().add(Rows.run(sql, run.parentId()).orElseThrow());
                }
            }
            if (children) {
                endedRuns.addAll(cancelChildren(sql, run.id(), nowMs, effects));
            }
            if (endedRuns.isEmpty()) {
                return;
            }
            run = Rows.run(sql, endedRuns.pop()).orElseThrow();
            children = true;
        }
    }

    /**
     * Cancels the live required children of {@code parentId}: at once when no worker holds them, else
     * by request. Returns the ones that ended now (their own children follow).
     */
    static List<String> cancelChildren(Sql sql, String parentId, long nowMs, LineageEffects effects) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                SELECT id, status FROM runs WHERE parent_id = ? AND parent_policy = 'REQUIRED'
                  AND status IN ('PENDING', 'RUNNING', 'SUSPENDED')""");
        ps.setString(1, parentId);
        List<String> running = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                (RunStatus.valueOf(rs.getString(2)) == RunStatus.RUNNING ? running : idle).add(rs.getString(1));
            }
        }
        for (String child : running) {
            if (!Cancels.requested(sql, child)) {
                Cancels.request(sql, child, nowMs);
                effects.cancelRequested().add(Rows.run(sql, child).orElseThrow());
            }
        }
        for (String child : idle) {
            Cancels.now(sql, child, "cancelled with its parent run " + parentId, nowMs);
            effects.cancelled().add(Rows.run(sql, child).orElseThrow());
        }
        return idle;
    }

    /**
     * The payload of a child's outcome: what {@code ChildRun.result()} reads in the parent. The
     * child's output is copied as the bytes it was stored as, never parsed here: the runtime does
     * not need its content, and a parse could refuse (number or nesting limits) what the worker
     * and the store accepted, failing the write that ends the child.
     */
    private static byte[] outcome(RunRecord run) {
        ObjectNode head = JSON.createObjectNode().put("runId", run.id()).put("status", run.status().name());
        if (run.failure() != null) {
            head.putObject("error").put("code", run.failure().code()).put("type", run.failure().type())
                    .put("message", run.failure().message());
        }
        byte[] fields;
        try {
            fields = JSON.writeValueAsBytes(head);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the outcome of run " + run.id(), e);
        }
        if (run.output() == null) {
            return fields;
        }
        // {"runId":...,"status":...} + ,"output": + the stored bytes + }
        byte[] joint = ",\"output\":".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[fields.length - 1 + joint.length + run.output().length + 1];
        System.arraycopy(fields, 0, out, 0, fields.length - 1);
        System.arraycopy(joint, 0, out, fields.length - 1, joint.length);
        System.arraycopy(run.output(), 0, out, fields.length - 1 + joint.length, run.output().length);
        out[out.length - 1] = '}';
        return out;
    }
}
