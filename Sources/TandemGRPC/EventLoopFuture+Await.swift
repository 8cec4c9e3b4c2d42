import NIOCore

extension EventLoopFuture where Value: Sendable {
    /// The future's value, awaited where the caller runs.
    ///
    /// NIO's `get()` is not `nonisolated(nonsending)`: each call first switches the task to its
    /// executor of choice and switches back on return, locking the task's status record both
    /// times. A call's steps wait on several futures, so this suspends in place instead; the task
    /// resumes on its own executor (for a task on ``EventLoopTaskExecutor``: the loop that
    /// completes the future).
    nonisolated(nonsending) func value() async throws -> Value {
        try await withUnsafeThrowingContinuation { continuation in
            whenComplete { continuation.resume(with: $0) }
        }
    }
}
