import NIOCore
import TandemGRPC
import TandemHTTP2
import TandemRPC
import TandemSchema
import Testing

/// The client against servers that answer on purpose as GRPCServer never does: what goes on the
/// wire, and how unusual answers become errors.
@Suite("GRPCClient on the wire")
struct ClientProtocolTests {
    static let ok = [HTTP2Header(":status", "200"), HTTP2Header("content-type", "application/grpc")]

    /// Runs `body` with a client of the scripted server.
    static func with(
        _ server: ScriptedHTTP2Server, configure: (inout GRPCClientConfiguration) -> Void = { _ in },
        _ body: (GRPCClient, Int) async throws -> Void
    ) async throws {
        let port = try await server.start()
        var configuration = GRPCClientConfiguration(host: "127.0.0.1", port: port)
        configure(&configuration)
        let client = try GRPCClient(configuration: configuration, logger: ProbeFixture.logger)
        do {
            try await body(client, port)
        } catch {
            await client.close()
            await server.stop()
            throw error
        }
        await client.close()
        await server.stop()
    }

    static func frame(_ message: some ProtoMessage) throws -> ByteBuffer {
        try MessageFramer().frame(message.serializedBytes())
    }

    @Test("Request headers: pseudo-headers first, then the call definition, then metadata")
    func requestHeaders() async throws {
        let server = ScriptedHTTP2Server { _ in
            [.headers(Self.ok + [HTTP2Header("grpc-status", "16"), HTTP2Header("x-why", "no key")], endStream: true)]
        }
        try await Self.with(server, configure: { $0.requestCompression = .gzip }) { client, port in
            var metadata = Metadata()
            try metadata.add("authorization", "Bearer k")
            try metadata.add("x-trace-bin", [1, 2, 3, 250])
            let error = await rpcError {
                _ = try await client.unary(Probe.echo, ProbeRequest("h"), metadata: metadata, timeout: .seconds(60))
            }
            #expect(error?.code == .unauthenticated, "a trailers-only response's status")
            #expect(error?.metadata[string: "x-why"] == "no key", "a trailers-only response's metadata")
            let headers = try #require(server.requests.first)
            #expect(
                headers.map(\.name) == [
                    ":method", ":scheme", ":path", ":authority", "content-type", "te", "grpc-timeout", "grpc-encoding",
                    "grpc-accept-encoding", "user-agent", "authorization", "x-trace-bin",
                ])
            let values = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            #expect(values[":method"] == "POST")
            #expect(values[":scheme"] == "http")
            #expect(values[":path"] == "/tandem.clienttest.v1.Probe/Echo")
            #expect(values[":authority"] == "127.0.0.1:\(port)")
            #expect(values["content-type"] == "application/grpc")
            #expect(values["te"] == "trailers")
            let timeout = try #require(values["grpc-timeout"].flatMap(GRPCTimeout.init(headerValue:)))
            // What is left of the call's 60 s when the request goes out (generous: CI shares two cores).
            #expect(timeout.duration > .seconds(30) && timeout.duration <= .seconds(60), "\(timeout)")
            #expect(values["grpc-encoding"] == "gzip")
            #expect(values["grpc-accept-encoding"] == "gzip,deflate")
            #expect(values["user-agent"] == "tandem-grpc/0.1")
            #expect(values["authorization"] == "Bearer k")
            #expect(values["x-trace-bin"] == "AQID+g")
        }
    }

    @Test(
        "A response without grpc-status takes its code from the HTTP status",
        arguments: [
            (400, Status.Code.internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
            (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (500, .unknown),
        ])
    func httpStatusMapping(status: Int, code: Status.Code) async throws {
        let server = ScriptedHTTP2Server { _ in
            [
                .headers(
                    [HTTP2Header(":status", "\(status)"), HTTP2Header("content-type", "text/plain")], endStream: true)
            ]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == code)
        }
    }

    @Test("A 200 response that is not gRPC fails with UNKNOWN and resets the stream")
    func notGRPC() async throws {
        let server = ScriptedHTTP2Server { _ in
            [
                .headers([HTTP2Header(":status", "200"), HTTP2Header("content-type", "text/html")], endStream: false),
                .data(ByteBuffer(string: "<html>")),
            ]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unknown)
            #expect(error?.message.contains("text/html") == true)
            #expect(await eventually { server.closedStreams == [.cancel] })
        }
    }

    @Test("Trailers without grpc-status fail with UNKNOWN")
    func missingStatus() async throws {
        let server = ScriptedHTTP2Server { _ in
            [
                .headers(Self.ok, endStream: false),
                .data(try! Self.frame(ProbeResponse())),
                .trailers([HTTP2Header("x-nothing", "here")]),
            ]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unknown)
            #expect(error?.message.contains("grpc-status") == true)
        }
    }

    @Test("A response message that does not decode fails with INTERNAL")
    func undecodable() async throws {
        var garbage = ByteBuffer()
        garbage.writeBytes([0, 0, 0, 0, 2, 0xFF, 0xFF])  // field 31, wire type 7: invalid
        let server = ScriptedHTTP2Server { [garbage] _ in
            [.headers(Self.ok, endStream: false), .data(garbage), .trailers([HTTP2Header("grpc-status", "0")])]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .internalError)
        }
    }

    @Test("A unary response split across DATA frames, prefix included, is read whole with its metadata")
    func unaryResponseInPieces() async throws {
        var response = ProbeResponse()
        response.text = "in pieces"
        response.payload = Array(repeating: 7, count: 300)
        let framed = try Self.frame(response)
        let pieces = [0..<3, 3..<9, 9..<framed.readableBytes].map { framed.getSlice(at: $0.lowerBound, length: $0.count)! }
        let server = ScriptedHTTP2Server { _ in
            // Flushed after each piece, so that each arrives in a DATA frame of its own.
            [.headers(Self.ok + [HTTP2Header("x-head", "h")], endStream: false), .flush]
                + pieces.flatMap { [.data($0), .flush] } + [
                    .trailers([HTTP2Header("grpc-status", "0"), HTTP2Header("x-tail", "t")])
                ]
        }
        try await Self.with(server) { client, _ in
            let answer = try await client.unaryResponse(Probe.echo, ProbeRequest("x"))
            #expect(answer.message.text == "in pieces")
            #expect(answer.message.payload.count == 300)
            #expect(answer.initialMetadata[string: "x-head"] == "h")
            #expect(answer.trailingMetadata[string: "x-tail"] == "t")
        }
    }

    @Test("A unary response with a second message fails with INTERNAL and resets the stream")
    func unaryResponseTwoMessages() async throws {
        let message = try Self.frame(ProbeResponse())
        let server = ScriptedHTTP2Server { _ in
            [.headers(Self.ok, endStream: false), .data(message), .data(message)]
        }
        try await Self.with(server) { client, _ in
            // The server never ends the call: without the check, the deadline would.
            let error = await rpcError {
                _ = try await client.unary(Probe.echo, ProbeRequest("x"), timeout: .seconds(10))
            }
            #expect(error?.code == .internalError)
            #expect(error?.message.contains("more than one response message") == true)
            #expect(await eventually { server.closedStreams == [.cancel] })
        }
    }

    @Test(
        "A unary response that ends OK without a whole message fails with INTERNAL",
        arguments: [
            ([UInt8](), "no response message"), ([0, 0, 0], "of 5 prefix bytes"), ([0, 0, 0, 0, 9, 1, 2], "of 9 bytes"),
        ])
    func unaryResponseIncomplete(body: [UInt8], expected: String) async throws {
        let server = ScriptedHTTP2Server { _ in
            [.headers(Self.ok, endStream: false)] + (body.isEmpty ? [] : [.data(ByteBuffer(bytes: body))]) + [
                .trailers([HTTP2Header("grpc-status", "0")])
            ]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .internalError)
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
        }
    }

    @Test(
        "A stream the server resets fails with the code PROTOCOL-HTTP2.md gives",
        arguments: [
            (HTTP2ErrorCode.cancel, Status.Code.cancelled), (.enhanceYourCalm, .resourceExhausted),
            (.inadequateSecurity, .permissionDenied), (.internalError, .internalError),
            (.protocolError, .internalError),
        ])
    func resetByServer(errorCode: HTTP2ErrorCode, code: Status.Code) async throws {
        let server = ScriptedHTTP2Server { _ in [.reset(errorCode)] }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == code)
            #expect(server.requests.count == 1, "not sent again")
        }
    }

    @Test("A unary request refused unprocessed (REFUSED_STREAM) is sent again, twice at most")
    func refusedIsRetried() async throws {
        let server = ScriptedHTTP2Server { _ in [.reset(.refusedStream)] }
        try await Self.with(server) { client, _ in
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(error?.code == .unavailable)
            #expect(server.requests.count == 3)
        }
    }

    @Test("A refused request succeeds when sent again")
    func refusedThenServed() async throws {
        let calls = Counter()
        let server = ScriptedHTTP2Server { _ in
            calls.increment()
            guard calls.value > 1 else { return [.reset(.refusedStream)] }
            var response = ProbeResponse()
            response.text = "second time"
            return [
                .headers(Self.ok, endStream: false), .data(try! Self.frame(response)),
                .trailers([HTTP2Header("grpc-status", "0")]),
            ]
        }
        try await Self.with(server) { client, _ in
            let response = try await client.unary(Probe.echo, ProbeRequest("x"))
            #expect(response.text == "second time")
            #expect(server.requests.count == 2)
        }
    }

    @Test("A server that ignores the deadline: the client fails the call itself and resets with CANCEL")
    func deadlineEnforcedLocally() async throws {
        let server = ScriptedHTTP2Server { _ in [.headers(Self.ok, endStream: false)] }
        try await Self.with(server) { client, _ in
            let start = ContinuousClock.now
            // 5 s, so that the request surely reaches the server first even on a loaded machine (a
            // clean-clone CI run once saw 2 s pass before it did): a call whose deadline passes
            // before its stream opens has nothing to reset.
            let error = await rpcError {
                _ = try await client.unary(Probe.echo, ProbeRequest("x"), timeout: .seconds(5))
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < .seconds(30), "bounded, not hung (generous: CI shares two cores)")
            #expect(server.requests.count == 1, "the request reached the server before its deadline")
            #expect(await eventually(timeout: .seconds(20)) { server.closedStreams == [.cancel] }, "\(server.closedStreams)")
        }
    }

    @Test("Cancelling the task sends RST_STREAM(CANCEL)")
    func cancellationResets() async throws {
        let server = ScriptedHTTP2Server { _ in [] }
        try await Self.with(server) { client, _ in
            let call = Task { try await client.unary(Probe.echo, ProbeRequest("x")) }
            #expect(await eventually { server.requests.count == 1 })
            call.cancel()
            let result = await call.result
            guard case .failure(let error as RPCError) = result else {
                Issue.record("expected an RPCError, got \(result)")
                return
            }
            #expect(error.code == .cancelled)
            #expect(await eventually { server.closedStreams == [.cancel] }, "\(server.closedStreams)")
        }
    }

    @Test("A server that ends the call while the client still sends gets RST_STREAM(NO_ERROR)")
    func earlyResponse() async throws {
        let server = ScriptedHTTP2Server { _ in
            [
                .headers(
                    Self.ok + [HTTP2Header("grpc-status", "9"), HTTP2Header("grpc-message", "too early")],
                    endStream: true)
            ]
        }
        try await Self.with(server) { client, _ in
            let error = await rpcError {
                _ = try await client.clientStreaming(Probe.collect) { writer in
                    try await writer.write(ProbeRequest("a"))
                    // Wait for the answer: the stream stays open on our side until the writer ends.
                    try await Task.sleep(for: .milliseconds(200))
                    try await writer.write(ProbeRequest("b"))
                }
            }
            #expect(error?.code == .failedPrecondition)
            #expect(error?.message == "too early")
            #expect(await eventually { server.closedStreams == [.noError] }, "\(server.closedStreams)")
        }
    }

    @Test("A server that never sends SETTINGS: the connection attempt times out with UNAVAILABLE")
    func connectTimeout() async throws {
        let server = ScriptedHTTP2Server(silent: true)
        try await Self.with(server, configure: { $0.connectTimeout = .milliseconds(300) }) { client, _ in
            let start = ContinuousClock.now
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("x")) }
            let elapsed = ContinuousClock.now - start
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("SETTINGS") == true, "\(error?.message ?? "")")
            // The configured timeout, not the 5 s default, is the one that ran out.
            #expect(error?.message.contains("\(Duration.milliseconds(300))") == true, "\(error?.message ?? "")")
            #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(30), "\(elapsed)")
        }
    }

    @Test("A call's deadline bounds the wait for a connection")
    func deadlineWhileConnecting() async throws {
        let server = ScriptedHTTP2Server(silent: true)
        try await Self.with(server) { client, _ in
            let start = ContinuousClock.now
            let error = await rpcError {
                _ = try await client.unary(Probe.echo, ProbeRequest("x"), timeout: .milliseconds(200))
            }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - start < .seconds(30), "bounded, not hung (generous: CI shares two cores)")
        }
    }
}
