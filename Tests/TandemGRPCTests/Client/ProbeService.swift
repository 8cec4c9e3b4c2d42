import Dispatch
import NIOPosix
import Synchronization
import TandemGRPC
import TandemRPC
import TandemSchema

/// `tandem.clienttest.v1.Probe`: a test-only service the client tests call. Its messages are
/// written the way TandemSchema writes its own.
enum ProbeV1 {
    struct ProbeRequest: ProtoMessage {
        static let protoName = "tandem.clienttest.v1.ProbeRequest"
        var text: String = ""
        var payload: [UInt8] = []
        /// Expand: how many responses to send.
        var count: Int32 = 0
        /// Sleep this long, cancellably, before answering (in streams, before each response).
        var delayMs: Int32 = 0
        /// Non-zero: fail the call with this status code and `failMessage`.
        var failCode: Int32 = 0
        var failMessage: String = ""
        /// Non-zero: responses carry a payload of this many bytes.
        var responseBytes: Int32 = 0
        /// Wait until the call is cancelled.
        var waitForCancel: Bool = false
        /// After the cancellation `waitForCancel` waits for, go on this long before returning
        /// (clean-up that cancellation does not cut short).
        var lingerMs: Int32 = 0
        var unknownFields = UnknownFields()
        init() {}

        mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "text", &text)
            try visitor.visitSingular(ProtoBytes.self, 2, "payload", &payload)
            try visitor.visitSingular(ProtoInt32.self, 3, "count", &count)
            try visitor.visitSingular(ProtoInt32.self, 4, "delay_ms", &delayMs)
            try visitor.visitSingular(ProtoInt32.self, 5, "fail_code", &failCode)
            try visitor.visitSingular(ProtoString.self, 6, "fail_message", &failMessage)
            try visitor.visitSingular(ProtoInt32.self, 7, "response_bytes", &responseBytes)
            try visitor.visitSingular(ProtoBool.self, 8, "wait_for_cancel", &waitForCancel)
            try visitor.visitSingular(ProtoInt32.self, 9, "linger_ms", &lingerMs)
        }
    }

    struct ProbeResponse: ProtoMessage {
        static let protoName = "tandem.clienttest.v1.ProbeResponse"
        var text: String = ""
        var payload: [UInt8] = []
        var index: Int32 = 0
        /// The request's `user-agent`, as the server saw it.
        var userAgent: String = ""
        /// Milliseconds left until the deadline when the handler started; -1 without one.
        var deadlineMs: Int64 = -1
        /// The client certificate's common name, over mutual TLS.
        var peerCommonName: String = ""
        var unknownFields = UnknownFields()
        init() {}

        mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "text", &text)
            try visitor.visitSingular(ProtoBytes.self, 2, "payload", &payload)
            try visitor.visitSingular(ProtoInt32.self, 3, "index", &index)
            try visitor.visitSingular(ProtoString.self, 4, "user_agent", &userAgent)
            try visitor.visitSingular(ProtoInt64.self, 5, "deadline_ms", &deadlineMs)
            try visitor.visitSingular(ProtoString.self, 6, "peer_common_name", &peerCommonName)
        }
    }

    enum Probe {
        static let name = "tandem.clienttest.v1.Probe"
        static let echo = MethodDescriptor<ProbeRequest, ProbeResponse>(service: name, method: "Echo", kind: .unary)
        static let expand = MethodDescriptor<ProbeRequest, ProbeResponse>(
            service: name, method: "Expand", kind: .serverStreaming)
        static let collect = MethodDescriptor<ProbeRequest, ProbeResponse>(
            service: name, method: "Collect", kind: .clientStreaming)
        static let update = MethodDescriptor<ProbeRequest, ProbeResponse>(
            service: name, method: "Update", kind: .bidirectionalStreaming)
        /// Not served: calling it answers UNIMPLEMENTED.
        static let missing = MethodDescriptor<ProbeRequest, ProbeResponse>(
            service: name, method: "Missing", kind: .unary)
    }
}

/// What the server side saw, for tests to assert on.
final class ProbeRecorder: Sendable {
    private struct State {
        var peers: Set<String> = []
        var inFlight = 0
        var maxInFlight = 0
        var waitingForCancel = 0
        var cancellationsSeen = 0
        var messagesSent = 0
        var requestsRead = 0
        var calls = 0
        /// Where each call's handler ran: the event loop's identity, or nil off any event loop.
        var loops: [ObjectIdentifier?] = []
    }

    private let state = Mutex(State())

    /// Distinct client addresses that made calls.
    var peers: Set<String> { state.withLock { $0.peers } }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    /// Handlers running now.
    var inFlight: Int { state.withLock { $0.inFlight } }
    /// Handlers waiting for their cancellation now.
    var waitingForCancel: Int { state.withLock { $0.waitingForCancel } }
    /// Handlers that saw their call cancelled (a client reset, or the deadline).
    var cancellationsSeen: Int { state.withLock { $0.cancellationsSeen } }
    /// Expand responses written so far (their write returned).
    var messagesSent: Int { state.withLock { $0.messagesSent } }
    /// Collect requests read so far.
    var requestsRead: Int { state.withLock { $0.requestsRead } }
    var calls: Int { state.withLock { $0.calls } }
    /// The event loops handlers found themselves on, one entry per `noteLoop()` (nil: none).
    var loops: [ObjectIdentifier?] { state.withLock { $0.loops } }

    /// Records the event loop the handler runs on now.
    func noteLoop() {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop.map { ObjectIdentifier($0 as AnyObject) }
        state.withLock { $0.loops.append(loop) }
    }

    func begin(_ context: ServerContext) {
        state.withLock { state in
            state.calls += 1
            state.peers.insert(context.peer.address)
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
        }
    }

    func end() { state.withLock { $0.inFlight -= 1 } }
    func sent() { state.withLock { $0.messagesSent += 1 } }
    func read() { state.withLock { $0.requestsRead += 1 } }

    /// Sleeps, recording a cancellation that cuts the sleep short.
    func sleep(milliseconds: Int32) async throws {
        guard milliseconds > 0 else { return }
        do {
            try await Task.sleep(for: .milliseconds(Int(milliseconds)))
        } catch {
            state.withLock { $0.cancellationsSeen += 1 }
            throw error
        }
    }

    /// Waits until the task is cancelled, and records that it saw it.
    func waitForCancellation() async throws {
        state.withLock { $0.waitingForCancel += 1 }
        defer { state.withLock { $0.waitingForCancel -= 1 } }
        while true {
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                state.withLock { $0.cancellationsSeen += 1 }
                throw error
            }
        }
    }
}

/// The Probe service: echoes what it is sent, with the request metadata under `x-echo-` keys
/// echoed in the response headers and, as `x-trailer-…`, in the trailers.
struct ProbeService: RPCService {
    typealias Request = ProbeV1.ProbeRequest
    typealias Response = ProbeV1.ProbeResponse

    let recorder: ProbeRecorder

    /// Waits `milliseconds` whether or not the task is cancelled.
    static func linger(milliseconds: Int32) async {
        guard milliseconds > 0 else { return }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(milliseconds))) { done.resume() }
        }
    }

    var methods: [ServiceMethod] {
        let recorder = self.recorder
        return [
            .unary(ProbeV1.Probe.echo) { request, context in
                recorder.begin(context)
                defer { recorder.end() }
                recorder.noteLoop()
                try Self.echoMetadata(context)
                if request.waitForCancel {
                    do {
                        try await recorder.waitForCancellation()
                    } catch {
                        await Self.linger(milliseconds: request.lingerMs)
                        throw error
                    }
                }
                try await recorder.sleep(milliseconds: request.delayMs)
                recorder.noteLoop()
                try Self.failIfAsked(request)
                return Self.response(to: request, index: 0, context: context)
            },
            .serverStreaming(ProbeV1.Probe.expand) { request, writer, context in
                recorder.begin(context)
                defer { recorder.end() }
                try Self.echoMetadata(context)
                for index in 0..<request.count {
                    try await recorder.sleep(milliseconds: request.delayMs)
                    try await writer.write(Self.response(to: request, index: index, context: context))
                    recorder.sent()
                }
                if request.waitForCancel { try await recorder.waitForCancellation() }
                try Self.failIfAsked(request)
            },
            .clientStreaming(ProbeV1.Probe.collect) { requests, context in
                recorder.begin(context)
                defer { recorder.end() }
                try Self.echoMetadata(context)
                var text = ""
                var count: Int32 = 0
                var first = true
                for try await request in requests {
                    if first {
                        // The first request may ask the server to wait before reading on.
                        first = false
                        try await recorder.sleep(milliseconds: request.delayMs)
                    }
                    recorder.read()
                    try Self.failIfAsked(request)
                    text += request.text
                    count += 1
                }
                var response = Response()
                response.text = text
                response.index = count
                return response
            },
            .bidirectional(ProbeV1.Probe.update) { requests, writer, context in
                recorder.begin(context)
                defer { recorder.end() }
                try Self.echoMetadata(context)
                var index: Int32 = 0
                for try await request in requests {
                    try Self.failIfAsked(request)
                    try await writer.write(Self.response(to: request, index: index, context: context))
                    index += 1
                }
            },
        ]
    }

    static func response(to request: Request, index: Int32, context: ServerContext) -> Response {
        var response = Response()
        response.text = request.text
        response.index = index
        response.payload =
            request.responseBytes > 0
            ? [UInt8](repeating: 0x61, count: Int(request.responseBytes)) : request.payload
        response.userAgent = context.requestMetadata[string: "user-agent"] ?? ""
        if let deadline = context.deadline {
            let left = ContinuousClock.now.duration(to: deadline).components
            response.deadlineMs = left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000
        }
        response.peerCommonName = context.peer.certificate?.commonName ?? ""
        return response
    }

    static func echoMetadata(_ context: ServerContext) throws {
        for (key, value) in context.requestMetadata where key.hasPrefix("x-echo-") {
            try context.addInitialMetadata(key, value)
            try context.addTrailingMetadata("x-trailer-" + key.dropFirst("x-echo-".count), value)
        }
    }

    static func failIfAsked(_ request: Request) throws {
        guard request.failCode != 0 else { return }
        var metadata = Metadata()
        try metadata.add("x-detail", "failed on purpose")
        try metadata.add("x-detail-bin", [0, 1, 0xFE, 0xFF])
        throw RPCError(
            code: Status.Code(rawValue: Int(request.failCode)) ?? .unknown, message: request.failMessage,
            metadata: metadata)
    }
}

extension ProbeV1.ProbeRequest {
    init(_ text: String, _ configure: (inout Self) -> Void = { _ in }) {
        self.init()
        self.text = text
        configure(&self)
    }
}
