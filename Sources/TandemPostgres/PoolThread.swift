import CPostgres
import Foundation

/// The pool's own threads (a connection's, the sweeper's), named as `top -H` and `perf` show them.
enum PoolThread {
    /// Starts a thread that names itself `name`, cut to the 15 bytes Linux keeps, and runs `body`.
    ///
    /// Named from the thread itself: on Linux, Foundation's `Thread.name` reaches the thread only
    /// when the thread is already known to it, which `start()` leaves to chance. Unnamed, a thread
    /// goes by the name of the one that made it.
    static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        let name = Self.name(name)
        Thread {
            _ = tandem_name_this_thread(name)
            body()
        }.start()
    }

    /// `name` cut to the 15 bytes Linux keeps for a thread's name; a longer one is refused.
    static func name(_ name: String) -> String {
        var cut = Substring(name)
        while cut.utf8.count > 15 { cut.removeLast() }
        return String(cut)
    }
}
