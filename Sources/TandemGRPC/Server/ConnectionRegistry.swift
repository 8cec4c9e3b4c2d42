import NIOCore
import Synchronization

/// The server's open connections, so that a shutdown can reach each one on its event loop.
final class ConnectionRegistry: Sendable {
    private struct Entry: Sendable {
        let handler: NIOLoopBound<ServerConnectionHandler>
        let channel: any Channel
    }

    private let connections = Mutex<[ObjectIdentifier: Entry]>([:])
    /// Calls whose task has not ended, on every connection.
    private let runningCalls = Atomic<Int>(0)

    func callStarted() { runningCalls.add(1, ordering: .relaxed) }
    func callEnded() { runningCalls.subtract(1, ordering: .relaxed) }
    var callsRunning: Int { runningCalls.load(ordering: .relaxed) }

    func add(_ handler: NIOLoopBound<ServerConnectionHandler>, channel: any Channel) {
        connections.withLock { $0[ObjectIdentifier(channel)] = Entry(handler: handler, channel: channel) }
    }

    func remove(_ channel: any Channel) {
        connections.withLock { $0[ObjectIdentifier(channel)] = nil }
    }

    /// Starts a graceful shutdown on every connection; returns their close futures.
    func beginGracefulShutdown() -> [EventLoopFuture<Void>] {
        let entries = connections.withLock { Array($0.values) }
        return entries.map { entry in
            entry.channel.eventLoop.execute { entry.handler.value.beginGracefulShutdown() }
            return entry.channel.closeFuture
        }
    }

    /// Closes every connection still open.
    func closeAll() {
        let entries = connections.withLock { Array($0.values) }
        for entry in entries { entry.channel.close(promise: nil) }
    }
}
