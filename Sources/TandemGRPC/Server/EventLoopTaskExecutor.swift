import NIOCore

/// Runs the tasks of a connection's calls on that connection's event loop.
///
/// A call's handler spends most of its life waiting (for PostgreSQL, for another service); the
/// work between waits is short. Running it on the event loop that received the request means the
/// request, the handler and the response cross no thread between them: a handler that awaits
/// PostgreSQL resumes on the event loop, and its response is written there without another hop.
/// Handlers must therefore never block: libpq runs on the pool's own threads, never in a handler.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
