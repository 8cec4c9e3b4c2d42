public import NIOCore
import Synchronization

/// The request body of one call as it arrives: DATA payloads, in order, until the client ends
/// its side.
///
/// The transport yields what the peer sent; the handler's task consumes it. Up to
/// ``bufferedBytesLimit`` waiting bytes, `yield` tells the transport to return the flow-control
/// window at once; past it, the window is returned only when `onConsumed` reports that the
/// handler has taken the bytes, so a slow handler stops a fast client.
public final class RequestBodyStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private struct State {
        /// Chunks waiting for the consumer; `report` marks those whose window is still held.
        var chunks: [(chunk: ByteBuffer, report: Bool)] = []
        var bufferedBytes = 0
        var nextChunk = 0
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<ByteBuffer?, any Error>?

        mutating func takeChunk() -> (chunk: ByteBuffer, report: Bool)? {
            guard nextChunk < chunks.count else { return nil }
            let chunk = chunks[nextChunk]
            bufferedBytes -= chunk.chunk.readableBytes
            nextChunk += 1
            if nextChunk == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                nextChunk = 0
            }
            return chunk
        }
    }

    private let state = Mutex(State())
    private let onConsumed: @Sendable (Int) -> Void
    /// Bytes that may wait for the consumer with their flow-control window already returned.
    public let bufferedBytesLimit: Int

    /// - Parameter onConsumed: called with a byte count when the consumer takes a chunk whose
    ///   window `yield` held back.
    public init(bufferedBytesLimit: Int = 256 * 1024, onConsumed: @escaping @Sendable (Int) -> Void) {
        self.bufferedBytesLimit = bufferedBytesLimit
        self.onConsumed = onConsumed
    }

    /// Producer side: a DATA payload arrived. Returns whether the transport may return its
    /// flow-control window now; if not, `onConsumed` reports it later.
    @discardableResult
    public func yield(_ chunk: ByteBuffer) -> Bool {
        let (waiter, releaseNow): (CheckedContinuation<ByteBuffer?, any Error>?, Bool) = state.withLock { state in
            guard !state.finished else { return (nil, true) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, true)
            }
            let release = state.bufferedBytes + chunk.readableBytes <= bufferedBytesLimit
            state.chunks.append((chunk, !release))
            state.bufferedBytes += chunk.readableBytes
            return (nil, release)
        }
        waiter?.resume(returning: chunk)
        return releaseNow
    }

    /// Producer side: the client ended its side (`nil`), or the stream failed.
    public func finish(throwing error: (any Error)? = nil) {
        let waiter: CheckedContinuation<ByteBuffer?, any Error>? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error {
            waiter?.resume(throwing: error)
        } else {
            waiter?.resume(returning: nil)
        }
    }

    func next() async throws -> ByteBuffer? {
        enum Immediate {
            case chunk((chunk: ByteBuffer, report: Bool))
            case end
            case failure(any Error)
            case wait
        }
        let immediate: Immediate = state.withLock { state in
            if let chunk = state.takeChunk() { return .chunk(chunk) }
            if state.finished { return state.failure.map { .failure($0) } ?? .end }
            return .wait
        }
        switch immediate {
        case .chunk(let taken):
            if taken.report { onConsumed(taken.chunk.readableBytes) }
            return taken.chunk
        case .end:
            return nil
        case .failure(let error):
            throw error
        case .wait:
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    // A chunk or the end may have arrived since the first look.
                    let resumeNow: Immediate? = state.withLock { state in
                        if let chunk = state.takeChunk() { return .chunk(chunk) }
                        if state.finished { return state.failure.map { .failure($0) } ?? .end }
                        if Task.isCancelled { return .failure(CancellationError()) }
                        state.waiter = continuation
                        return nil
                    }
                    switch resumeNow {
                    case .chunk(let taken):
                        if taken.report { onConsumed(taken.chunk.readableBytes) }
                        continuation.resume(returning: taken.chunk)
                    case .failure(let error): continuation.resume(throwing: error)
                    case .end: continuation.resume(returning: nil)
                    case .wait, nil: break
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: RequestBodyStream
        public mutating func next() async throws -> ByteBuffer? { try await stream.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}
