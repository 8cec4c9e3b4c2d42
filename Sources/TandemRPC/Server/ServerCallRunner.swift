public import Logging
import Metrics
import NIOCore
import Synchronization

/// Runs one server call from its request head to its trailers, whatever transport carries it.
///
/// The transport calls ``run(head:peer:body:sink:)`` from a task of its own, and cancels that
/// task when the client resets the stream; the handler sees the cancellation.
public struct ServerCallRunner: Sendable {
    /// Limits and policies of every call.
    public struct Configuration: Sendable {
        /// Largest request message accepted, checked from its length prefix (default 4 MiB).
        public var maximumRequestMessageSize: Int

        public init(maximumRequestMessageSize: Int = 4 * 1024 * 1024) {
            self.maximumRequestMessageSize = maximumRequestMessageSize
        }
    }

    public let router: ServerRouter
    public let configuration: Configuration
    public let logger: Logger

    public init(router: ServerRouter, configuration: Configuration = Configuration(), logger: Logger) {
        self.router = router
        self.configuration = configuration
        self.logger = logger
    }

    private enum Outcome: Sendable {
        case returned
        case failed(any Error)
        case deadlineExceeded
    }

    public func run(head: RequestHead, peer: Peer, body: RequestBodyStream, sink: some ServerCallSink) async {
        let started = ContinuousClock.now
        let trace = CallTrace.incoming(
            traceparent: head.metadata[string: CallTrace.traceparentHeader],
            requestID: head.metadata[string: CallTrace.requestIDHeader])
        guard let method = router.method(for: head.path) else {
            let status = Status(code: .unimplemented, message: "unknown method \(head.path)")
            await sink.finish(status, trailers: Metadata())
            CallRecord(method: "unknown", code: status.code, trace: trace, tenant: nil, started: started).finish(logger: logger)
            return
        }
        let deadline = head.timeout.map { ContinuousClock.now.advanced(by: $0) }
        let context = ServerContext(
            method: method.info, requestMetadata: head.metadata, peer: peer, deadline: deadline, trace: trace)
        // A caller's request id comes back in the response headers; one the server made (the span
        // id) is in the log line only, so a call that sends none pays for no extra header.
        if trace.requestID != trace.spanID {
            try? context.addInitialMetadata(CallTrace.requestIDHeader, .string(trace.requestID))
        }
        CallRecord.activeCalls.increment()
        defer { CallRecord.activeCalls.decrement() }
        // Responses are compressed the way the request was, when the client also accepts it.
        let responseCompression = head.requestCompression.flatMap { head.acceptedCompressions.contains($0) ? $0 : nil }
        let sender = ResponseSender(sink: sink, context: context, compression: responseCompression)
        let call = ServerCall(
            context: context, body: body, requestCompression: head.requestCompression,
            maximumRequestSize: configuration.maximumRequestMessageSize, responses: sender)

        @Sendable func invoke() async -> Outcome {
            do {
                try await CallTrace.$current.withValue(trace) { try await method.invoke(call) }
                return .returned
            } catch {
                return .failed(error)
            }
        }
        func answer(_ outcome: Outcome) async {
            let (status, trailers) = finalStatus(outcome, context: context)
            await sender.finish(status, trailers: trailers)
            CallRecord(method: method.info.path, code: status.code, trace: trace, tenant: context.tenant, started: started)
                .finish(logger: logger)
        }
        guard let deadline else {
            // Nothing to race: the handler runs in this task, which the transport cancels on
            // RST_STREAM, and no child task is made.
            await answer(await invoke())
            return
        }
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await invoke() }
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return .deadlineExceeded
                } catch {
                    return nil
                }
            }
            var outcome = Outcome.returned
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            // Answer now: a handler that ignores its cancellation must not hold up the status.
            await answer(outcome)
        }
    }

    private func finalStatus(_ outcome: Outcome, context: ServerContext) -> (Status, Metadata) {
        var trailers = context.trailingMetadata
        switch outcome {
        case .returned:
            return (Status(code: .ok, message: ""), trailers)
        case .deadlineExceeded:
            return (Status(code: .deadlineExceeded, message: "deadline exceeded"), trailers)
        case .failed(let error as RPCError):
            trailers.merge(error.metadata)
            return (error.status, trailers)
        case .failed(is CancellationError):
            return (Status(code: .cancelled, message: "cancelled"), trailers)
        case .failed(let error):
            // Never show a client what went wrong inside: it may hold SQL or data.
            logger.error(
                "handler failed",
                metadata: ["rpc.method": "\(context.method.path)", "error": "\(String(reflecting: error))"])
            return (Status(code: .internalError, message: "internal error"), trailers)
        }
    }
}

/// One finished call as metrics and the log see it: `tandem_grpc_requests_total{method,code}`,
/// `tandem_grpc_request_duration_seconds{method}` and one log line with the method, the status
/// code, the duration, the request id, the trace id and the tenant (never a message, a body or
/// a credential). Health checks and reflection log at debug, everything else at info.
struct CallRecord {
    var method: String
    var code: Status.Code
    var trace: CallTrace
    var tenant: String?
    var started: ContinuousClock.Instant

    /// Calls running now (`tandem_grpc_active_calls`).
    static let activeCalls = Meter(label: "tandem_grpc_active_calls")

    private struct Key: Hashable {
        var method: String
        var code: Status.Code
    }

    /// The counters and timers already made, by method and code: made once each, not per call.
    private static let handles = Mutex<[Key: (requests: Counter, duration: Metrics.Timer)]>([:])

    static func handles(method: String, code: Status.Code) -> (requests: Counter, duration: Metrics.Timer) {
        let key = Key(method: method, code: code)
        return handles.withLock { handles in
            if let made = handles[key] { return made }
            let made = (
                Counter(label: "tandem_grpc_requests_total", dimensions: [("method", method), ("code", code.name)]),
                Metrics.Timer(label: "tandem_grpc_request_duration_seconds", dimensions: [("method", method)])
            )
            handles[key] = made
            return made
        }
    }

    func finish(logger: Logger) {
        let elapsed = ContinuousClock.now - started
        let (requests, duration) = Self.handles(method: method, code: code)
        requests.increment()
        duration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        let level: Logger.Level =
            method.hasPrefix("/grpc.health.") || method.hasPrefix("/grpc.reflection.") ? .debug : .info
        logger.log(
            level: level, "rpc",
            metadata: [
                "rpc.method": "\(method)", "grpc.code": "\(code.name)",
                "duration_ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
                "request_id": "\(trace.requestID)", "trace_id": "\(trace.traceID)", "tenant": "\(tenant ?? "")",
            ])
    }
}
