package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of one runtime and their leases, judged by the database's clock ({@link Dialect#nowMs}):
 * nodes' own clocks may disagree, the database's is one. A node renews its lease; a node whose lease
 * passed is dead once the leader declares it so: it deletes its row and takes its held runs back
 * (PENDING under a new epoch, so nothing the dead node's workers still send is taken), in one write.
 * Until then a node back from a freeze renews and goes on, as no one took anything from it: a lone
 * runtime (SQLite) survives a suspended laptop or a paused VM.
 */
final class Nodes {
    static final String LEADER = "leader";

    private Nodes() {}

    /**
     * Enters {@code node} with a fresh lease. A row of the same id is an earlier incarnation of this
     * node (it died, or a second process was started with its id): its runs are taken back at once.
     */
    static List<RunRecord> join(Sql sql, NodeIdentity node, long leaseMs, boolean alone, long nowMs) throws SQLException {
        PreparedStatement ps = sql.prepare("""
                INSERT INTO nodes (id, incarnation, http_address, grpc_address, started_at, lease_until)
                VALUES (?, ?, ?, ?, ?, %s + ?)
                ON CONFLICT (id) DO UPDATE SET incarnation = excluded.incarnation, http_address = excluded.http_address,
                                               grpc_address = excluded.grpc_address, started_at = excluded.started_at,
                                               lease_until = excluded.lease_until""".formatted(sql.dialect().nowMs()));
        ps.setString(1, node.id());
        ps.setString(2, node.incarnation());
        ps.setString(3, node.httpAddress());
        ps.setString(4, node.grpcAddress());
        ps.setLong(5, nowMs);
        ps.setLong(6, leaseMs);
        ps.executeUpdate();
        // the leader's role held by an earlier incarnation (or by anyone, alone) is free at once
        PreparedStatement role = sql.prepare("UPDATE node_roles SET lease_until = 0 WHERE "
                + (alone ? "lease_until > 0" : "node_id = ? AND incarnation <> ?"));
        if (!alone) {
            role.setString(1, node.id());
            role.setString(2, node.incarnation());
        }
        role.executeUpdate();
        if (alone) {
            // an earlier process of another id on this file: dead, since the file allows one writer
            PreparedStatement others = sql.prepare("DELETE FROM nodes WHERE id <> ?");
            others.setString(1, node.id());
            others.executeUpdate();
        }
        List<RunRecord> taken = new ArrayList<>(takeBack(sql, node.id(), nowMs));
        // a run held without a node was claimed by a runtime of before several nodes; alone, every run held is stale
        taken.addAll(takeBack(sql, alone ? null : "", nowMs));
        return taken;
    }

    /**
     * Renews the node's lease and, when free or already its own, the leader's role. Returns the state:
     * dead when the lease had passed or another incarnation took the id (the node must stop).
     */
    static NodeLease renew(Sql sql, NodeIdentity node, long leaseMs, String workers) throws SQLException {
        String now = sql.dialect().nowMs();
        // its row, while it is there, says no one declared it dead: a lease that passed while the node was
        // frozen (and that no leader noticed) is renewed; a node taken over has no row any more
        PreparedStatement ps = sql.prepare("UPDATE nodes SET lease_until = " + now
                + " + ?, workers = ? WHERE id = ? AND incarnation = ?");
        ps.setLong(1, leaseMs);
        ps.setString(2, workers);
        ps.setString(3, node.id());
        ps.setString(4, node.incarnation());
        if (ps.executeUpdate() == 0) {
            return NodeLease.DEAD;
        }
        PreparedStatement lead = sql.prepare("""
                UPDATE node_roles SET node_id = ?, incarnation = ?, lease_until = %1$s + ?
                WHERE role = ? AND ((node_id = ? AND incarnation = ?) OR lease_until <= %1$s)""".formatted(now));
        lead.setString(1, node.id());
        lead.setString(2, node.incarnation());
        lead.setLong(3, leaseMs);
        lead.setString(4, LEADER);
        lead.setString(5, node.id());
        lead.setString(6, node.incarnation());
        boolean leader = lead.executeUpdate() == 1;
        PreparedStatement others = sql.prepare("SELECT COUNT(*) FROM nodes WHERE id <> ? AND lease_until > " + now);
        others.setString(1, node.id());
        try (ResultSet rs = others.executeQuery()) {
            rs.next();
            return new NodeLease(true, leader, rs.getInt(1));
        }
    }

    /** What every other live node last wrote of its workers, by node id. */
    static java.util.Map<String, String> otherNodesWorkers(Sql sql, String nodeId) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT id, workers FROM nodes WHERE id <> ? AND workers IS NOT NULL AND lease_until > "
                + sql.dialect().nowMs() + " ORDER BY id");
        ps.setString(1, nodeId);
        java.util.Map<String, String> workers = new java.util.LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                workers.put(rs.getString(1), rs.getString(2));
            }
        }
        return workers;
    }

    /** The leader's sweep: every dead node's held runs go back to PENDING, then the node's row goes. */
    static List<RunRecord> takeOverDead(Sql sql, long nowMs) throws SQLException {
        PreparedStatement dead = sql.prepare("SELECT id FROM nodes WHERE lease_until <= " + sql.dialect().nowMs());
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = dead.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        List<RunRecord> taken = new ArrayList<>();
        // the row goes first, and only while its lease is still passed: a node that renewed meanwhile
        // (back from a freeze) keeps its runs; one whose row went can renew no more (see renew)
        PreparedStatement delete = sql.prepare("DELETE FROM nodes WHERE id = ? AND lease_until <= " + sql.dialect().nowMs());
        for (String id : ids) {
            delete.setString(1, id);
            if (delete.executeUpdate() == 1) {
                taken.addAll(takeBack(sql, id, nowMs));
            }
        }
        return taken;
    }

    /**
     * Leaves for good (a clean stop): the node's held runs go back to PENDING at once (no one waits
     * for its lease to pass), and its row and role go.
     */
    static List<RunRecord> leave(Sql sql, NodeIdentity node, long nowMs) throws SQLException {
        List<RunRecord> taken = takeBack(sql, node.id(), nowMs);
        PreparedStatement ps = sql.prepare("DELETE FROM nodes WHERE id = ? AND incarnation = ?");
        ps.setString(1, node.id());
        ps.setString(2, node.incarnation());
        ps.executeUpdate();
        PreparedStatement role = sql.prepare(
                "UPDATE node_roles SET node_id = NULL, incarnation = NULL, lease_until = 0 WHERE node_id = ? AND incarnation = ?");
        role.setString(1, node.id());
        role.setString(2, node.incarnation());
        role.executeUpdate();
        return taken;
    }

    /**
     * Every run a worker of {@code nodeId} held goes back to PENDING under a new epoch; "" names the
     * runs held without a node, null every run held.
     */
    private static List<RunRecord> takeBack(Sql sql, String nodeId, long nowMs) throws SQLException {
        String holder = nodeId == null ? "" : nodeId.isEmpty() ? " AND node_id IS NULL" : " AND node_id = ?";
        PreparedStatement held = sql.prepare("SELECT id FROM runs WHERE status = 'RUNNING'" + holder);
        if (nodeId != null && !nodeId.isEmpty()) {
            held.setString(1, nodeId);
        }
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = held.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        PreparedStatement release = sql.prepare("""
                UPDATE runs SET status = 'PENDING', epoch = epoch + 1, worker_id = NULL, node_id = NULL, updated_at = ?
                WHERE id = ? AND status = 'RUNNING'""" + holder);
        List<RunRecord> taken = new ArrayList<>();
        for (String id : ids) {
            release.setLong(1, nowMs);
            release.setString(2, id);
            if (nodeId != null && !nodeId.isEmpty()) {
                release.setString(3, nodeId);
            }
            if (release.executeUpdate() == 1) {
                taken.add(Rows.run(sql, id).orElseThrow());
            }
        }
        return taken;
    }
}
