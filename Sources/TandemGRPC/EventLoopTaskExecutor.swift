public import NIOCore

/// Runs tasks on one event loop.
///
/// The server runs each call's handler with this preference, on the event loop of the connection
/// that received the request. A handler spends most of its life waiting (for PostgreSQL, for
/// another service); the work between waits is short. The request, the handler and the response
/// then cross no thread between them: a handler that awaits PostgreSQL resumes on the event loop,
/// and its response is written there without another hop. Handlers must therefore never block:
/// libpq runs on the pool's own threads, never in a handler.
///
/// A client that makes many calls can do the same: build the ``GRPCClient`` on one event loop
/// and call it from tasks that prefer that loop. Each call then opens its stream, waits for its
/// response and decodes it on the connection's thread, with no hop to Swift's global executor and
/// back:
///
/// ```swift
/// let loop = MultiThreadedEventLoopGroup.singleton.next()
/// let client = try GRPCClient(configuration: configuration, logger: logger, eventLoopGroup: loop)
/// let executor = EventLoopTaskExecutor(loop)
/// let task = Task(executorPreference: executor) {
///     try await client.unary(TasksV1.TaskService.getTask, request)
/// }
/// ```
///
/// The same rule holds as for handlers: such tasks must not block. And the event loop must outlive
/// them: a job enqueued on a loop that has shut down is never run, so its task never resumes.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
