import Logging
import NIOCore
import Synchronization
import TandemSchema
import Testing

@testable import TandemRPC

typealias Message = GRPCHealthV1.HealthCheckRequest

/// Records what a call sends, in memory.
final class CollectingSink: ServerCallSink {
    struct Recorded {
        var headers: [Metadata] = []
        var messages: [Message] = []
        var status: Status?
        var trailers = Metadata()
    }

    let recorded = Mutex(Recorded())

    func sendHeaders(_ metadata: Metadata, compression: Compression?) async throws {
        recorded.withLock { $0.headers.append(metadata) }
    }

    func sendMessage(_ frame: ByteBuffer) async throws {
        var deframer = MessageDeframer()
        deframer.append(frame)
        let body = try #require(try deframer.next())
        let message = try body.withUnsafeReadableBytes { try Message(decoding: $0) }
        recorded.withLock { $0.messages.append(message) }
    }

    func finish(_ status: Status, trailers: Metadata) async {
        recorded.withLock {
            $0.status = status
            $0.trailers = trailers
        }
    }

    var snapshot: Recorded { recorded.withLock { $0 } }
}

/// A test service whose handlers say what they saw.
final class ProbeService: RPCService {
    static let unary = MethodDescriptor<Message, Message>(service: "test.Probe", method: "Unary", kind: .unary)
    static let collect = MethodDescriptor<Message, Message>(
        service: "test.Probe", method: "Collect", kind: .clientStreaming)
    static let slow = MethodDescriptor<Message, Message>(service: "test.Probe", method: "Slow", kind: .unary)

    let sawCancellation = Mutex(false)

    var methods: [ServiceMethod] {
        [
            .unary(Self.unary) { request, context in
                switch request.service {
                case "not-found":
                    var metadata = Metadata()
                    try metadata.add("x-reason", "missing")
                    throw RPCError(code: .notFound, message: "no such thing", metadata: metadata)
                case "crash":
                    throw ProbeFailure(secret: "SELECT * FROM tasks")
                default:
                    try context.addTrailingMetadata("x-seen", .string(request.service))
                    return Message { $0.service = "echo:" + request.service }
                }
            },
            .clientStreaming(Self.collect) { requests, _ in
                var names: [String] = []
                for try await request in requests { names.append(request.service) }
                return Message { $0.service = names.joined(separator: ",") }
            },
            .unary(Self.slow) { [self] _, _ in
                do {
                    try await Task.sleep(for: .seconds(300))
                } catch {
                    self.sawCancellation.withLock { $0 = true }
                    throw error
                }
                return Message()
            },
        ]
    }
}

struct ProbeFailure: Error {
    let secret: String
}

@Suite("server call runner")
struct ServerCallRunnerTests {
    let service = ProbeService()

    func run(
        _ method: MethodDescriptor<Message, Message>, requests: [Message], timeout: Duration? = nil,
        rawBody: [UInt8]? = nil
    ) async throws -> CollectingSink.Recorded {
        let runner = ServerCallRunner(
            router: ServerRouter(services: [service]),
            configuration: .init(maximumRequestMessageSize: 1024), logger: Logger(label: "test"))
        let body = RequestBodyStream { _ in }
        var bytes = ByteBuffer()
        for request in requests { try MessageFramer().append(request.serializedBytes(), to: &bytes) }
        if let rawBody { bytes.writeBytes(rawBody) }
        body.yield(bytes)
        body.finish()
        let head = RequestHead(
            path: method.path, metadata: Metadata(), timeout: timeout, requestCompression: nil, acceptedCompressions: []
        )
        let sink = CollectingSink()
        await runner.run(head: head, peer: Peer(address: "test"), body: body, sink: sink)
        return sink.snapshot
    }

    @Test("a unary call sends headers once, its response and OK with the handler's trailers")
    func unary() async throws {
        let result = try await run(ProbeService.unary, requests: [Message { $0.service = "a" }])
        #expect(result.headers.count == 1)
        #expect(result.messages.map(\.service) == ["echo:a"])
        #expect(result.status?.code == .ok)
        #expect(result.trailers[string: "x-seen"] == "a")
    }

    @Test("an RPCError becomes the status, with its metadata in the trailers and no response")
    func rpcError() async throws {
        let result = try await run(ProbeService.unary, requests: [Message { $0.service = "not-found" }])
        #expect(result.headers.isEmpty)
        #expect(result.messages.isEmpty)
        #expect(result.status == Status(code: .notFound, message: "no such thing"))
        #expect(result.trailers[string: "x-reason"] == "missing")
    }

    @Test("any other error is INTERNAL and says nothing of what went wrong")
    func otherError() async throws {
        let result = try await run(ProbeService.unary, requests: [Message { $0.service = "crash" }])
        #expect(result.status?.code == .internalError)
        #expect(result.status?.message.contains("SELECT") == false)
    }

    @Test("an unknown method is UNIMPLEMENTED, naming it")
    func unknownMethod() async throws {
        let missing = MethodDescriptor<Message, Message>(service: "test.Probe", method: "Nope", kind: .unary)
        let result = try await run(missing, requests: [Message()])
        #expect(result.status?.code == .unimplemented)
        #expect(result.status?.message.contains("/test.Probe/Nope") == true)
    }

    @Test("a client stream is read to its end")
    func clientStreaming() async throws {
        let requests = ["a", "b", "c"].map { name in Message { $0.service = name } }
        let result = try await run(ProbeService.collect, requests: requests)
        #expect(result.messages.map(\.service) == ["a,b,c"])
        #expect(result.status?.code == .ok)
    }

    @Test("a unary call with no request message, or two, is INTERNAL", arguments: [0, 2])
    func wrongRequestCount(_ count: Int) async throws {
        let result = try await run(ProbeService.unary, requests: Array(repeating: Message(), count: count))
        #expect(result.status?.code == .internalError)
        #expect(result.messages.isEmpty)
    }

    @Test("a request over the size limit is RESOURCE_EXHAUSTED")
    func tooLarge() async throws {
        let result = try await run(
            ProbeService.unary, requests: [Message { $0.service = String(repeating: "x", count: 2000) }])
        #expect(result.status?.code == .resourceExhausted)
    }

    @Test("a request that does not decode is INVALID_ARGUMENT naming the field")
    func undecodable() async throws {
        // Field 1 (service, a string) sent as a varint.
        let result = try await run(ProbeService.unary, requests: [], rawBody: [0, 0, 0, 0, 2, 0x08, 0x01])
        #expect(result.status?.code == .invalidArgument)
        #expect(result.status?.message.contains("service") == true)
    }

    @Test("a deadline cancels the handler and answers DEADLINE_EXCEEDED promptly")
    func deadline() async throws {
        let started = ContinuousClock.now
        let result = try await run(ProbeService.slow, requests: [Message()], timeout: .milliseconds(100))
        #expect(result.status?.code == .deadlineExceeded)
        #expect(ContinuousClock.now - started < .seconds(60), "the handler sleeps 300 s unless cancelled")
        #expect(service.sawCancellation.withLock { $0 })
    }

    @Test("cancelling the call's task (a client reset) reaches the handler")
    func cancellation() async throws {
        let runner = ServerCallRunner(router: ServerRouter(services: [service]), logger: Logger(label: "test"))
        let body = RequestBodyStream { _ in }
        var bytes = ByteBuffer()
        try MessageFramer().append(Message().serializedBytes(), to: &bytes)
        body.yield(bytes)
        body.finish()
        let head = RequestHead(
            path: ProbeService.slow.path, metadata: Metadata(), timeout: nil, requestCompression: nil,
            acceptedCompressions: [])
        let sink = CollectingSink()
        let task = Task { await runner.run(head: head, peer: Peer(address: "test"), body: body, sink: sink) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await task.value
        #expect(service.sawCancellation.withLock { $0 })
        #expect(sink.snapshot.status?.code == .cancelled)
    }
}
