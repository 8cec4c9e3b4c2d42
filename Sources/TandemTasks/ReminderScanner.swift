import Foundation
import Logging
public import TandemPostgres
import TandemSchema
import TandemService

/// Sends `task.due_soon` and `task.overdue`, once each per task and due date.
///
/// Every change of a task's due date or status writes its reminder times into
/// `reminder_schedule`. The scanner takes due entries one at a time with `FOR UPDATE SKIP
/// LOCKED` (so replicas share them and never take the same one), checks the task in its tenant's
/// transaction (still open, not archived, same due date, in the tenant's current time zone),
/// records the reminder in `task_reminders_sent` (whose key refuses a second one) and writes the
/// event to the outbox, all in one transaction: a crash before the commit leaves the entry for
/// the next scan, so none is missed.
public final class ReminderScanner: Sendable {
    let clusters: ClusterSet
    let store: TaskStore
    let interval: Duration
    let logger: Logger

    init(clusters: ClusterSet, store: TaskStore, interval: Duration, logger: Logger) {
        self.clusters = clusters
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Scans until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for (name, pool) in clusters.all {
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            if try await self.scan(pool: pool) == 0 { try? await Task.sleep(for: self.interval) }
                        } catch {
                            self.logger.warning("reminder scan failed", metadata: ["cluster": "\(name)", "error": "\(error)"])
                            try? await Task.sleep(for: self.interval)
                        }
                    }
                }
            }
        }
    }

    /// Handles the due entries of `pool`, up to `limit`; returns how many it took.
    @discardableResult
    public func scan(pool: PostgresPool, limit: Int = 500) async throws -> Int {
        var handled = 0
        while handled < limit, try await handleOne(pool: pool, now: Date()) {
            handled += 1
        }
        return handled
    }

    private func handleOne(pool: PostgresPool, now: Date) async throws -> Bool {
        let store = self.store
        return try await pool.transaction(tenant: nil) { connection in
            guard
                let entry = try connection.query(
                    """
                    SELECT tenant_id::text, task_id::text, kind FROM reminder_schedule
                    WHERE fire_at <= \(PostgresTimestamp(now))::timestamptz ORDER BY fire_at LIMIT 1 FOR UPDATE SKIP LOCKED
                    """
                ).first
            else { return false }
            let tenantID = try entry.decode(String.self, at: 0)
            let taskID = try entry.decode(String.self, at: 1)
            let kind = try entry.decode(String.self, at: 2)
            let done: PostgresQuery = """
                DELETE FROM reminder_schedule WHERE tenant_id = \(tenantID)::uuid AND task_id = \(taskID)::uuid AND kind = \(kind)
                """
            try connection.query("SELECT set_config('tandem.tenant_id', \(tenantID), true)")
            guard let zone = try connection.query("SELECT time_zone FROM tenants WHERE tenant_id = \(tenantID)::uuid").first,
                let row = try connection.query("SELECT \(sql: TaskRows.columns) FROM tasks WHERE id = \(taskID)::uuid FOR UPDATE").first
            else {
                try connection.query(done)  // the tenant or the task is gone
                return true
            }
            let timeZone = try zone.decode(String.self, at: 0)
            let task = try TaskRows.task(row).task
            guard TaskRules.open.contains(task.status), !task.archived, let due = task.dueDate.flatMap(CalendarDay.init) else {
                try connection.query(done)
                return true
            }
            let overdueAt = TaskRules.overdueInstant(dueDate: due, timeZone: timeZone)
            let context = ChangeContext(tenantID: tenantID, actor: "", timeZone: timeZone, now: now)
            let fireAt = store.reminderTimes(task, timeZone: timeZone).first { $0.kind == kind }!.fireAt
            if fireAt > PostgresTimestamp(now) {
                // The tenant's time zone changed since the entry was written: wait for the new time.
                try connection.query(
                    """
                    UPDATE reminder_schedule SET fire_at = \(fireAt)::timestamptz
                    WHERE tenant_id = \(tenantID)::uuid AND task_id = \(taskID)::uuid AND kind = \(kind)
                    """)
                return true
            }
            try connection.query(done)
            // Past the due date, "due soon" has nothing left to say: the overdue reminder speaks.
            if kind == "due_soon", now >= overdueAt { return true }
            let event =
                kind == "due_soon"
                ? TaskEvents.dueSoon(task, context)
                : TaskEvents.overdue(task, daysOverdue: TenantCalendar.today(timeZone: timeZone, at: now) - due, context)
            let recorded = try connection.query(
                """
                INSERT INTO task_reminders_sent (tenant_id, task_id, kind, due_date, event_id)
                VALUES (\(tenantID)::uuid, \(taskID)::uuid, \(kind), \(due.description)::date, \(event.id)::uuid)
                ON CONFLICT DO NOTHING RETURNING event_id
                """)
            if !recorded.isEmpty { try store.outbox.write([event], tenantID: tenantID, on: connection) }
            return true
        }
    }
}
