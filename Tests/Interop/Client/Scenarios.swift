import Synchronization
import TandemGRPC
import TandemInteropSupport
import TandemRPC
import TandemSchema

typealias Echo = TestingV1.Echo
typealias EchoRequest = TestingV1.EchoRequest
typealias EchoResponse = TestingV1.EchoResponse

/// Every scenario, in the order they run.
enum Scenarios {
    static let all: [Scenario] = [
        Scenario(name: "unary", run: unary),
        Scenario(name: "server-streaming", run: serverStreaming),
        Scenario(name: "client-streaming", run: clientStreaming),
        Scenario(name: "bidirectional", run: bidirectional),
        Scenario(name: "large-messages", run: largeMessages),
        Scenario(name: "metadata", run: metadata),
        Scenario(name: "error-status", run: errorStatus),
        Scenario(name: "deadline-exceeded", run: deadlineExceeded),
        Scenario(name: "cancellation", run: cancellation),
        Scenario(name: "resource-exhausted", run: resourceExhausted),
        Scenario(name: "unimplemented", run: unimplemented),
        Scenario(name: "gzip", run: gzip),
        Scenario(name: "concurrent-200", run: concurrent200),
        Scenario(name: "mtls-identity", run: mtlsIdentity),
    ]

    static func unary(_ context: ScenarioContext) async throws {
        let payload = (0..<256).map { UInt8($0) }
        let response = try await context.client.unary(
            Echo.get,
            EchoRequest {
                $0.text = "hello"
                $0.payload = payload
            }, timeout: .seconds(10))
        try expect(response.text == "hello", "text came back as \"\(response.text)\"")
        try expect(response.payload == payload, "payload came back with \(response.payload.count) bytes")
    }

    static func serverStreaming(_ context: ScenarioContext) async throws {
        let request = EchoRequest {
            $0.text = "item"
            $0.count = 100
            $0.responseBytes = 1000
        }
        let indexes = try await context.client.serverStreaming(Echo.expand, request, timeout: .seconds(10)) {
            responses in
            var indexes: [Int32] = []
            for try await response in responses {
                try expect(
                    response.text == "item" && response.payload.count == 1000, "response \(indexes.count) differs")
                indexes.append(response.index)
            }
            return indexes
        }
        try expect(indexes == Array(0..<100), "received indexes \(indexes.prefix(5))... (\(indexes.count) in all)")
    }

    static func clientStreaming(_ context: ScenarioContext) async throws {
        let response = try await context.client.clientStreaming(Echo.collect, timeout: .seconds(10)) { writer in
            for index in 0..<50 {
                try await writer.write(EchoRequest { $0.text = "\(index)," })
            }
        }
        let expected = (0..<50).map { "\($0)," }.joined()
        try expect(response.message.text == expected, "concatenation came back as \"\(response.message.text)\"")
        try expect(response.message.index == 50, "the server counted \(response.message.index) messages")
    }

    /// Each request goes out only after the previous response came back.
    static func bidirectional(_ context: ScenarioContext) async throws {
        try await context.client.bidirectional(Echo.update, timeout: .seconds(10)) { writer, responses in
            var iterator = responses.makeAsyncIterator()
            for index in 0..<20 {
                try await writer.write(EchoRequest { $0.text = "message \(index)" })
                guard let response = try await iterator.next() else {
                    throw ScenarioFailure("the responses ended after \(index)")
                }
                try expect(
                    response.text == "message \(index)" && response.index == Int32(index),
                    "response \(index) was \"\(response.text)\" #\(response.index)")
            }
            writer.finish()
            let extra = try await iterator.next()
            try expect(extra == nil, "a response after the last request")
        }
    }

    /// 3 MiB each way, and 8 MiB streamed: beyond every flow-control window.
    static func largeMessages(_ context: ScenarioContext) async throws {
        let payload = (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let response = try await context.client.unary(
            Echo.get, EchoRequest { $0.payload = payload }, timeout: .seconds(20))
        try expect(response.payload == payload, "3 MiB payload came back with \(response.payload.count) bytes")
        let total = try await context.client.serverStreaming(
            Echo.expand,
            EchoRequest {
                $0.count = 128
                $0.responseBytes = 64 * 1024
            }, timeout: .seconds(30)
        ) { responses in
            var total = 0
            for try await response in responses { total += response.payload.count }
            return total
        }
        try expect(total == 8 * 1024 * 1024, "streamed \(total) bytes of 8 MiB")
    }

    static let blob: [UInt8] = [0, 1, 2, 250, 255]

    static func requestMetadata() throws -> Metadata {
        var metadata = Metadata()
        try metadata.add("x-echo-note", "hello there")
        try metadata.add("x-echo-blob-bin", blob)
        try metadata.add("x-not-echoed", "dropped")
        return metadata
    }

    static func checkEchoed(initial: Metadata, trailing: Metadata, _ call: String) throws {
        try expect(initial[string: "x-echo-note"] == "hello there", "\(call): initial metadata \(initial)")
        try expect(initial[binary: "x-echo-blob-bin"] == blob, "\(call): initial binary metadata \(initial)")
        try expect(!initial.contains(key: "x-not-echoed"), "\(call): x-not-echoed came back")
        try expect(
            trailing[string: "x-trailer-x-echo-note"] == "hello there", "\(call): trailing metadata \(trailing)")
        try expect(trailing[binary: "x-trailer-x-echo-blob-bin"] == blob, "\(call): trailing binary \(trailing)")
    }

    static func metadata(_ context: ScenarioContext) async throws {
        let metadata = try requestMetadata()
        let unary = try await context.client.unaryResponse(
            Echo.get, EchoRequest { $0.text = "m" }, metadata: metadata, timeout: .seconds(10))
        try checkEchoed(initial: unary.initialMetadata, trailing: unary.trailingMetadata, "unary")

        let (initial, trailing) = try await context.client.bidirectional(
            Echo.update, metadata: metadata, timeout: .seconds(10)
        ) { writer, responses in
            try await writer.write(contentsOf: Array(repeating: EchoRequest { $0.text = "m" }, count: 3))
            writer.finish()
            var count = 0
            for try await _ in responses { count += 1 }
            try expect(count == 3, "\(count) responses of 3")
            return (try await responses.initialMetadata, try await responses.trailingMetadata)
        }
        try checkEchoed(initial: initial, trailing: trailing, "bidirectional")

        // A trailers-only failure still carries the trailing metadata.
        let error = try await expectFailure(.notFound, "failing call") {
            try await context.client.unary(
                Echo.get,
                EchoRequest {
                    $0.failCode = Int32(Status.Code.notFound.rawValue)
                    $0.failMessage = "gone"
                }, metadata: metadata, timeout: .seconds(10))
        }
        try expect(
            error.metadata[string: "x-trailer-x-echo-note"] == "hello there",
            "the failure's trailing metadata is \(error.metadata)")
    }

    static func errorStatus(_ context: ScenarioContext) async throws {
        let message = "naïve ✓ 100% done, line\nbreak"
        for code in [Status.Code.invalidArgument, .failedPrecondition, .aborted] {
            let error = try await expectFailure(code, "fail_code \(code.rawValue)") {
                try await context.client.unary(
                    Echo.get,
                    EchoRequest {
                        $0.failCode = Int32(code.rawValue)
                        $0.failMessage = message
                    }, timeout: .seconds(10))
            }
            try expect(error.message == message, "the message came back as \"\(error.message)\"")
        }
    }

    static func deadlineExceeded(_ context: ScenarioContext) async throws {
        let started = ContinuousClock.now
        try await expectFailure(.deadlineExceeded, "2 s call with a 200 ms timeout") {
            try await context.client.unary(Echo.get, EchoRequest { $0.delayMs = 2000 }, timeout: .milliseconds(200))
        }
        let elapsed = ContinuousClock.now - started
        try expect(elapsed < .milliseconds(1500), "the call failed only after \(elapsed)")
    }

    static func stats(_ client: GRPCClient) async throws -> TestingV1.StatsResponse {
        try await client.unary(Echo.stats, TestingV1.StatsRequest(), timeout: .seconds(5))
    }

    /// The client cancels a bidirectional call the server is waiting on, then a unary one; the
    /// server must see both cancellations (an RST_STREAM, not just the client giving up).
    static func cancellation(_ context: ScenarioContext) async throws {
        var failures: [String] = []
        for (kind, part) in [("bidirectional", cancelBidirectional), ("unary", cancelUnary)] {
            do {
                try await part(context.client)
            } catch {
                failures.append("\(kind): \(error)")
            }
        }
        try expect(failures.isEmpty, failures.joined(separator: "; "))
    }

    static func cancelBidirectional(_ client: GRPCClient) async throws {
        let before = try await stats(client).cancelledCalls
        let (firstResponse, firstResponseArrived) = AsyncStream.makeStream(of: Void.self)
        let call = Task {
            // Ends the wait below even if the call fails before its first response.
            defer { firstResponseArrived.finish() }
            try await client.bidirectional(Echo.update, timeout: .seconds(30)) { writer, responses in
                try await writer.write(
                    EchoRequest {
                        $0.text = "wait"
                        $0.waitForCancel = true
                    })
                var iterator = responses.makeAsyncIterator()
                _ = try await iterator.next()
                firstResponseArrived.yield()
                // Waits for the server, which waits for the cancellation.
                _ = try await iterator.next()
                throw ScenarioFailure("the call went on after the server was told to wait")
            }
        }
        for await _ in firstResponse { break }
        call.cancel()
        do {
            try await call.value
            throw ScenarioFailure("the cancelled call succeeded")
        } catch let error as RPCError {
            try expect(error.code == .cancelled, "the cancelled call failed with \(error)")
        }
        let seen = try await eventually(within: .seconds(5)) { try await stats(client).cancelledCalls > before }
        try expect(seen, "the server never saw the call cancelled")
    }

    static func cancelUnary(_ client: GRPCClient) async throws {
        let before = try await stats(client)
        let call = Task {
            try await client.unary(Echo.get, EchoRequest { $0.waitForCancel = true }, timeout: .seconds(30))
        }
        let arrived = try await eventually(within: .seconds(5)) {
            try await stats(client).waitingCalls > before.waitingCalls
        }
        try expect(arrived, "the call never reached the server")
        call.cancel()
        do {
            let response = try await call.value
            throw ScenarioFailure("the cancelled call succeeded with \(response)")
        } catch let error as RPCError {
            try expect(error.code == .cancelled, "the cancelled call failed with \(error)")
        }
        let seen = try await eventually(within: .seconds(5)) {
            try await stats(client).cancelledCalls > before.cancelledCalls
        }
        try expect(seen, "the server never saw the call cancelled")
    }

    static func resourceExhausted(_ context: ScenarioContext) async throws {
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 5 * 1024 * 1024)
        try await expectFailure(.resourceExhausted, "5 MiB request") {
            try await context.client.unary(Echo.get, EchoRequest { $0.payload = payload }, timeout: .seconds(20))
        }
        let after = try await context.client.unary(Echo.get, EchoRequest { $0.text = "after" }, timeout: .seconds(5))
        try expect(after.text == "after", "the call after the refused one came back as \"\(after.text)\"")
    }

    static func unimplemented(_ context: ScenarioContext) async throws {
        let methods = [
            MethodDescriptor<EchoRequest, EchoResponse>(service: Echo.name, method: "Missing", kind: .unary),
            MethodDescriptor<EchoRequest, EchoResponse>(service: "no.such.v1.Service", method: "Get", kind: .unary),
        ]
        for method in methods {
            try await expectFailure(.unimplemented, method.path) {
                try await context.client.unary(method, EchoRequest(), timeout: .seconds(5))
            }
        }
        let streaming = MethodDescriptor<EchoRequest, EchoResponse>(
            service: Echo.name, method: "Missing", kind: .bidirectionalStreaming)
        try await expectFailure(.unimplemented, "bidirectional \(streaming.path)") {
            try await context.client.bidirectional(streaming, timeout: .seconds(5)) { writer, responses in
                try await writer.write(EchoRequest())
                writer.finish()
                for try await _ in responses {}
            }
        }
    }

    /// Requests gzip-compressed; the server is asked to answer compressed too (grpcio's server
    /// cannot see the request's compression). Compressible payloads both ways.
    static func gzip(_ context: ScenarioContext) async throws {
        let client = try context.makeClient(.gzip)
        do {
            try await gzipCalls(client)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    static func gzipCalls(_ client: GRPCClient) async throws {
        var metadata = Metadata()
        try metadata.add("x-response-compression", "gzip")
        let payload = Array(String(repeating: "compressible ", count: 20_000).utf8)
        let response = try await client.unary(
            Echo.get,
            EchoRequest {
                $0.text = "gz"
                $0.payload = payload
            }, metadata: metadata, timeout: .seconds(10))
        try expect(response.payload == payload, "the payload came back with \(response.payload.count) bytes")
        let texts = try await client.bidirectional(Echo.update, metadata: metadata, timeout: .seconds(10)) {
            writer, responses in
            for index in 0..<5 {
                try await writer.write(
                    EchoRequest {
                        $0.text = "\(index)"
                        $0.payload = payload
                    })
            }
            writer.finish()
            var texts: [String] = []
            for try await response in responses {
                try expect(response.payload == payload, "a streamed payload came back altered")
                texts.append(response.text)
            }
            return texts
        }
        try expect(texts == (0..<5).map { "\($0)" }, "streamed responses \(texts)")
    }

    /// 200 calls at once on the one connection: more than a server's usual 100 streams, so some
    /// wait for a free stream.
    static func concurrent200(_ context: ScenarioContext) async throws {
        let client = context.client
        let started = ContinuousClock.now
        let peers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try await client.unaryResponse(
                        Echo.get,
                        EchoRequest {
                            $0.text = "\(index)"
                            $0.delayMs = 100
                        }, timeout: .seconds(30))
                    try expect(response.message.text == "\(index)", "call \(index) answered \(response.message.text)")
                    return (index, response.trailingMetadata[string: EchoMetadata.peerKey])
                }
            }
            var peers: Set<String?> = []
            var count = 0
            for try await (_, peer) in group {
                peers.insert(peer)
                count += 1
            }
            try expect(count == 200, "\(count) calls of 200 returned")
            return peers
        }
        try expect(peers.count == 1 && peers.first! != nil, "the calls used \(peers.count) connections: \(peers)")
        let elapsed = ContinuousClock.now - started
        try expect(elapsed < .seconds(15), "200 calls of 100 ms took \(elapsed)")
    }

    /// Over mutual TLS, the server names the client certificate it verified.
    static func mtlsIdentity(_ context: ScenarioContext) async throws {
        let response = try await context.client.unaryResponse(Echo.get, EchoRequest(), timeout: .seconds(5))
        let identity = response.trailingMetadata[string: EchoMetadata.peerIdentityKey]
        try expect(
            identity == context.expectedIdentity,
            "the server saw identity \(identity ?? "none"), expected \(context.expectedIdentity ?? "none")")
    }
}
