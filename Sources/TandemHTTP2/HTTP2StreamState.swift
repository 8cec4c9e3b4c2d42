internal import NIOCore

/// What the session keeps per stream beside nghttp2's own state: the outbound queue its data
/// provider reads from, and the inbound bytes the application has not consumed yet.
struct HTTP2StreamState {
    /// Where our side of the stream is.
    enum OutboundPhase: Equatable {
        /// No HEADERS submitted yet (a server stream before its response).
        case idle
        /// HEADERS submitted with a data provider: data may be written.
        case streaming
        /// The end is requested (END_STREAM or trailers): the provider drains the queue, then ends.
        case finishing
        /// END_STREAM handed to nghttp2, or the stream was reset: nothing more may be written.
        case finished
    }

    /// What the data provider's read callback does next.
    enum ReadResult: Equatable {
        /// Nothing queued and no end requested: defer until the next write resumes the provider.
        case deferred
        /// Bytes copied; more may follow.
        case data(Int)
        /// Bytes copied and the queue is drained: the last DATA frame. With trailers, the frame
        /// does not end the stream; the trailers HEADERS does.
        case end(Int, trailers: Bool)
    }

    var phase: OutboundPhase
    /// Bytes written and not yet handed to nghttp2; nil when empty (no storage kept).
    var queue: ByteBuffer?
    /// Trailers to submit once the provider has drained the queue.
    var trailers: [HTTP2Header]?
    /// The read callback returned NGHTTP2_ERR_DEFERRED: the next write must resume the provider.
    var isDeferred = false
    /// Inbound body bytes delivered in events and not yet consumed.
    var unconsumedInbound = 0
    /// Our reset code when the caller or the session reset the stream.
    var localResetCode: HTTP2ErrorCode?
    /// The peer's header block was too large: the stream is being reset; its data is discarded.
    var isRefused = false

    init(phase: OutboundPhase) { self.phase = phase }

    var queuedBytes: Int { self.queue?.readableBytes ?? 0 }

    /// Appends to the queue without copying when it is empty.
    mutating func enqueue(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        guard self.queue != nil else {
            self.queue = bytes
            return
        }
        // Keep the storage from growing without bound while it is appended to and drained at once.
        if self.queue!.readerIndex > 4096 && self.queue!.readerIndex >= self.queue!.readableBytes {
            self.queue!.discardReadBytes()
        }
        var bytes = bytes
        self.queue!.writeBuffer(&bytes)
    }

    /// Drops the queue (the stream was reset).
    mutating func discardOutbound() -> Int {
        let dropped = self.queuedBytes
        self.queue = nil
        self.trailers = nil
        self.phase = .finished
        return dropped
    }

    /// Copies the next DATA payload into nghttp2's frame buffer (the read callback's work).
    mutating func read(into destination: UnsafeMutableRawBufferPointer) -> ReadResult {
        var count = 0
        if self.queue != nil && destination.count > 0 {
            count = min(destination.count, self.queue!.readableBytes)
            self.queue!.withUnsafeReadableBytes { source in
                destination.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count)
            }
            self.queue!.moveReaderIndex(forwardBy: count)
            if self.queue!.readableBytes == 0 { self.queue = nil }
        }
        if self.queue == nil && self.phase == .finishing {
            self.phase = .finished
            return .end(count, trailers: self.trailers != nil)
        }
        if count == 0 {
            self.isDeferred = true
            return .deferred
        }
        return .data(count)
    }
}
