import Synchronization
import TandemInteropSupport
import TandemRPC
import TandemSchema

/// `tandem.testing.v1.Echo` as echo.proto describes it: echoes messages and `x-echo-` metadata,
/// and on request sleeps, fails, or waits for its cancellation and counts it.
final class EchoService: RPCService {
    typealias Request = TestingV1.EchoRequest
    typealias Response = TestingV1.EchoResponse

    private struct Counters {
        var cancelled: Int64 = 0
        var waiting: Int64 = 0
    }

    private let counters = Mutex(Counters())

    var methods: [ServiceMethod] {
        [
            .unary(TestingV1.Echo.get) { [self] request, context in
                try echoMetadata(context)
                try await prepare(request)
                if request.waitForCancel { try await waitForCancellation() }
                return response(to: request, index: 0)
            },
            .serverStreaming(TestingV1.Echo.expand) { [self] request, writer, context in
                try echoMetadata(context)
                try await prepare(request)
                for index in 0..<max(request.count, 0) {
                    if index > 0, request.delayMs > 0 { try await Task.sleep(for: .milliseconds(request.delayMs)) }
                    try await write(response(to: request, index: index), to: writer, thenWait: request.waitForCancel)
                }
            },
            .clientStreaming(TestingV1.Echo.collect) { [self] requests, context in
                try echoMetadata(context)
                var text = ""
                var count: Int32 = 0
                for try await request in requests {
                    try await prepare(request)
                    if request.waitForCancel { try await waitForCancellation() }
                    text += request.text
                    count += 1
                }
                return Response {
                    $0.text = text
                    $0.index = count
                }
            },
            .bidirectional(TestingV1.Echo.update) { [self] requests, writer, context in
                try echoMetadata(context)
                var index: Int32 = 0
                for try await request in requests {
                    try await prepare(request)
                    try await write(response(to: request, index: index), to: writer, thenWait: request.waitForCancel)
                    index += 1
                }
            },
            .unary(TestingV1.Echo.stats) { [self] _, context in
                try echoMetadata(context)
                return counters.withLock { counters in
                    TestingV1.StatsResponse {
                        $0.cancelledCalls = counters.cancelled
                        $0.waitingCalls = counters.waiting
                    }
                }
            },
        ]
    }

    /// `x-echo-` request metadata back as initial metadata, and prefixed `x-trailer-` as trailing
    /// metadata; the peer the server sees in the trailers too.
    private func echoMetadata(_ context: ServerContext) throws(RPCError) {
        for (key, value) in context.requestMetadata where key.hasPrefix(EchoMetadata.echoPrefix) {
            try context.addInitialMetadata(key, value)
            try context.addTrailingMetadata(EchoMetadata.trailerPrefix + key, value)
        }
        try context.addTrailingMetadata(EchoMetadata.peerKey, .string(context.peer.address))
        if let commonName = context.peer.certificate?.commonName {
            try context.addTrailingMetadata(EchoMetadata.peerIdentityKey, .string(commonName))
        }
    }

    /// The request's delay, then its failure if it asks for one.
    private func prepare(_ request: Request) async throws {
        if request.delayMs > 0 {
            try await Task.sleep(for: .milliseconds(request.delayMs))
        }
        if request.failCode != 0 {
            throw RPCError(
                code: Status.Code(rawValue: Int(request.failCode)) ?? .unknown, message: request.failMessage)
        }
    }

    private func response(to request: Request, index: Int32) -> Response {
        Response {
            $0.text = request.text
            $0.payload =
                request.responseBytes > 0
                ? [UInt8](repeating: UInt8(ascii: "x"), count: Int(request.responseBytes)) : request.payload
            $0.index = index
        }
    }

    /// Writes a streamed response; with `wait`, then waits for the cancellation, counting the
    /// call as waiting from before the write, since a client may cancel as soon as it reads.
    private func write(_ response: Response, to writer: ResponseWriter<Response>, thenWait wait: Bool) async throws {
        guard wait else { return try await writer.write(response) }
        try await countingCancellation {
            try await writer.write(response)
            try await sleepUntilCancelled()
        }
    }

    /// Suspends until the call is cancelled (by the client, its deadline or the server's
    /// shutdown), counting it, then throws `CancellationError`.
    private func waitForCancellation() async throws {
        try await countingCancellation { try await sleepUntilCancelled() }
    }

    /// Counts the call as waiting while `body` runs, then as cancelled: `body` only ends by
    /// the call's cancellation.
    private func countingCancellation(_ body: () async throws -> Void) async throws {
        counters.withLock { $0.waiting += 1 }
        defer {
            counters.withLock { counters in
                counters.waiting -= 1
                counters.cancelled += 1
            }
        }
        try await body()
    }

    private func sleepUntilCancelled() async throws {
        while true {
            try await Task.sleep(for: .seconds(3600))
        }
    }
}
