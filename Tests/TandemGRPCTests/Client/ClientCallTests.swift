import NIOPosix
import Synchronization
import TandemGRPC
import TandemRPC
import TandemSchema
import Testing

typealias Probe = ProbeV1.Probe
typealias ProbeRequest = ProbeV1.ProbeRequest
typealias ProbeResponse = ProbeV1.ProbeResponse

@Suite("GRPCClient calls against a real server")
struct ClientCallTests {
    @Test("A unary call returns the server's response and sends user-agent tandem-grpc/0.1")
    func unary() async throws {
        try await ProbeFixture.with { fixture in
            let response = try await fixture.client.unary(
                Probe.echo, ProbeRequest("hello") { $0.payload = [0, 1, 2, 0xFF] })
            #expect(response.text == "hello")
            #expect(response.payload == [0, 1, 2, 0xFF])
            #expect(response.userAgent == "tandem-grpc/0.1")
            #expect(response.deadlineMs == -1, "no timeout: no grpc-timeout")
        }
    }

    @Test("A handler runs on its connection's event loop, before and after it awaits")
    func handlerOnTheEventLoop() async throws {
        try await ProbeFixture.with { fixture in
            _ = try await fixture.client.unary(Probe.echo, ProbeRequest("hello") { $0.delayMs = 20 })
            let loops = fixture.recorder.loops
            #expect(loops.count == 2)
            #expect(loops.allSatisfy { $0 != nil }, "the handler ran off the event loop")
            #expect(Set(loops).count == 1, "the handler resumed on another event loop")
        }
    }

    @Test("Server shutdown returns once the handlers of the calls it cut off have ended")
    func shutdownWaitsForHandlers() async throws {
        try await ProbeFixture.with(server: { $0.shutdownGracePeriod = .milliseconds(200) }) { fixture in
            // Cancelled when the grace period ends, the handler takes 100 ms more to return.
            let call = Task {
                try await fixture.client.unary(
                    Probe.echo, ProbeRequest("x") {
                        $0.waitForCancel = true
                        $0.lingerMs = 100
                    })
            }
            #expect(await eventually { fixture.recorder.waitingForCancel == 1 })
            await fixture.server.shutdown()
            // The handler saw its cancellation and returned before shutdown did.
            #expect(fixture.recorder.inFlight == 0)
            #expect(fixture.recorder.cancellationsSeen == 1)
            _ = await call.result
        }
    }

    @Test("Calls from a task preferring the client's event loop answer there; a caller without a preference resumes off it")
    func callsOnTheClientsEventLoop() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        try await ProbeFixture.with { fixture in
            let client = try GRPCClient(
                configuration: .init(host: "127.0.0.1", port: fixture.port), logger: ProbeFixture.logger,
                eventLoopGroup: loop)
            let onLoop = try await Task(executorPreference: EventLoopTaskExecutor(loop)) {
                var answers: [Bool] = []
                for index in 0..<5 {
                    let response = try await client.unary(Probe.echo, ProbeRequest("call \(index)"))
                    answers.append(response.text == "call \(index)" && loop.inEventLoop)
                }
                return answers
            }.value
            #expect(onLoop == Array(repeating: true, count: 5))
            // Without a preference, the caller's code after the call runs off the event loop again,
            // where blocking would stall the connection.
            let offLoop = try await Task.detached {
                var onTheLoop: [Bool] = []
                for index in 0..<5 {
                    let response = try await client.unary(Probe.echo, ProbeRequest("call \(index)"))
                    #expect(response.text == "call \(index)")
                    onTheLoop.append(loop.inEventLoop)
                }
                return onTheLoop
            }.value
            #expect(offLoop == Array(repeating: false, count: 5))
            await client.close()
        }
    }

    @Test("Unary calls in a row reuse one connection")
    func unaryInARow() async throws {
        try await ProbeFixture.with { fixture in
            for index in 0..<20 {
                let response = try await fixture.client.unary(Probe.echo, ProbeRequest("call \(index)"))
                #expect(response.text == "call \(index)")
            }
            #expect(fixture.recorder.peers.count == 1)
        }
    }

    @Test("Server streaming delivers 1,000 messages in order")
    func serverStreaming() async throws {
        try await ProbeFixture.with { fixture in
            let indices = try await fixture.client.serverStreaming(
                Probe.expand, ProbeRequest("many") { $0.count = 1000 }
            ) { responses in
                var indices: [Int32] = []
                for try await response in responses {
                    #expect(response.text == "many")
                    indices.append(response.index)
                }
                return indices
            }
            #expect(indices == Array(0..<1000))
        }
    }

    @Test("Client streaming sends every request and returns the one response")
    func clientStreaming() async throws {
        try await ProbeFixture.with { fixture in
            let response = try await fixture.client.clientStreaming(Probe.collect) { writer in
                for index in 0..<100 {
                    try await writer.write(ProbeRequest("\(index % 10)"))
                }
            }
            #expect(response.message.index == 100)
            #expect(response.message.text == String(repeating: "0123456789", count: 10))
        }
    }

    @Test("Bidirectional streaming: each response arrives before the next request is written")
    func bidirectionalPingPong() async throws {
        try await ProbeFixture.with { fixture in
            let received = try await fixture.client.bidirectional(Probe.update) { writer, responses in
                var iterator = responses.makeAsyncIterator()
                var received: [String] = []
                for round in 0..<10 {
                    try await writer.write(ProbeRequest("ping \(round)"))
                    // The server answers before the requests end: this would hang if writes or
                    // reads waited for the other side to finish.
                    let response = try #require(try await iterator.next())
                    #expect(response.index == Int32(round))
                    received.append(response.text)
                }
                writer.finish()
                #expect(try await iterator.next() == nil, "the call ends once the requests end")
                return received
            }
            #expect(received == (0..<10).map { "ping \($0)" })
        }
    }

    @Test("Bidirectional echo with writing and reading in separate tasks")
    func bidirectionalConcurrent() async throws {
        try await ProbeFixture.with { fixture in
            let count = try await fixture.client.bidirectional(Probe.update) { writer, responses in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    group.addTask {
                        for index in 0..<500 { try await writer.write(ProbeRequest("m\(index)")) }
                        writer.finish()
                        return 0
                    }
                    group.addTask {
                        var count = 0
                        for try await response in responses {
                            #expect(response.text == "m\(count)")
                            count += 1
                        }
                        return count
                    }
                    return try await group.reduce(0, +)
                }
            }
            #expect(count == 500)
        }
    }

    @Test("Metadata travels both ways, -bin values included")
    func metadata() async throws {
        try await ProbeFixture.with { fixture in
            var metadata = Metadata()
            try metadata.add("x-echo-name", "tandem")
            try metadata.add("x-echo-blob-bin", [0x00, 0x80, 0xFF, 0x0A])
            try metadata.add("x-other", "not echoed")
            let response = try await fixture.client.unaryResponse(
                Probe.echo, ProbeRequest("meta"), metadata: metadata)
            #expect(response.message.text == "meta")
            #expect(response.initialMetadata[string: "x-echo-name"] == "tandem")
            #expect(response.initialMetadata[binary: "x-echo-blob-bin"] == [0x00, 0x80, 0xFF, 0x0A])
            #expect(!response.initialMetadata.contains(key: "x-other"))
            #expect(response.trailingMetadata[string: "x-trailer-name"] == "tandem")
            #expect(response.trailingMetadata[binary: "x-trailer-blob-bin"] == [0x00, 0x80, 0xFF, 0x0A])
        }
    }

    @Test("Streaming calls expose initial and trailing metadata")
    func streamingMetadata() async throws {
        try await ProbeFixture.with { fixture in
            var metadata = Metadata()
            try metadata.add("x-echo-k", "v")
            let (initial, trailing, count) = try await fixture.client.serverStreaming(
                Probe.expand, ProbeRequest("s") { $0.count = 3 }, metadata: metadata
            ) { responses in
                let initial = try await responses.initialMetadata
                var count = 0
                for try await _ in responses { count += 1 }
                return (initial, try await responses.trailingMetadata, count)
            }
            #expect(count == 3)
            #expect(initial[string: "x-echo-k"] == "v")
            #expect(trailing[string: "x-trailer-k"] == "v")
        }
    }

    @Test("Metadata read again gives the same values; a failed stream's outcome is thrown on every read")
    func metadataReadAgain() async throws {
        try await ProbeFixture.with { fixture in
            var metadata = Metadata()
            try metadata.add("x-echo-k", "v")
            let reads = try await fixture.client.serverStreaming(
                Probe.expand, ProbeRequest("s") { $0.count = 2 }, metadata: metadata
            ) { responses in
                let first = try await responses.initialMetadata
                let second = try await responses.initialMetadata
                for try await _ in responses {}
                return (first, second, try await responses.trailingMetadata, try await responses.trailingMetadata)
            }
            #expect(reads.0[string: "x-echo-k"] == "v")
            #expect(reads.1[string: "x-echo-k"] == "v")
            #expect(reads.2[string: "x-trailer-k"] == "v")
            #expect(reads.3[string: "x-trailer-k"] == "v")

            let (initial, outcomes) = try await fixture.client.serverStreaming(
                Probe.expand,
                ProbeRequest("x") {
                    $0.count = 1
                    $0.failCode = Int32(Status.Code.aborted.rawValue)
                    $0.failMessage = "version conflict"
                },
                metadata: metadata
            ) { responses in
                _ = await rpcError { for try await _ in responses {} }
                let initial = try await responses.initialMetadata
                var outcomes: [RPCError?] = []
                for _ in 0..<2 {
                    outcomes.append(await rpcError { _ = try await responses.trailingMetadata })
                }
                return (initial, outcomes)
            }
            #expect(initial[string: "x-echo-k"] == "v")
            #expect(outcomes.map { $0?.code } == [.aborted, .aborted])
            #expect(outcomes.map { $0?.message } == ["version conflict", "version conflict"])
        }
    }

    @Test("A failed call throws the server's code, percent-decoded message and trailing metadata")
    func errorStatus() async throws {
        try await ProbeFixture.with { fixture in
            let message = "no task «42» here: 100% gone\nsecond line"
            let error = await rpcError {
                _ = try await fixture.client.unary(
                    Probe.echo,
                    ProbeRequest("x") {
                        $0.failCode = Int32(Status.Code.notFound.rawValue)
                        $0.failMessage = message
                    })
            }
            #expect(error?.code == .notFound)
            #expect(error?.message == message)
            #expect(error?.metadata[string: "x-detail"] == "failed on purpose")
            #expect(error?.metadata[binary: "x-detail-bin"] == [0, 1, 0xFE, 0xFF])
        }
    }

    @Test("A server stream that fails after some messages delivers them, then throws")
    func errorAfterMessages() async throws {
        try await ProbeFixture.with { fixture in
            let received = Counter()
            let error = await rpcError {
                try await fixture.client.serverStreaming(
                    Probe.expand,
                    ProbeRequest("x") {
                        $0.count = 3
                        $0.failCode = Int32(Status.Code.aborted.rawValue)
                        $0.failMessage = "version conflict"
                    }
                ) { responses in
                    for try await _ in responses { received.increment() }
                }
            }
            #expect(received.value == 3)
            #expect(error?.code == .aborted)
            #expect(error?.message == "version conflict")
            #expect(error?.metadata[string: "x-detail"] == "failed on purpose")
        }
    }

    @Test("A method the server lacks fails with UNIMPLEMENTED")
    func unimplemented() async throws {
        try await ProbeFixture.with { fixture in
            let error = await rpcError { _ = try await fixture.client.unary(Probe.missing, ProbeRequest("x")) }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("/tandem.clienttest.v1.Probe/Missing") == true)
        }
    }

    @Test("A deadline is sent as grpc-timeout: the handler sees it")
    func deadlineSent() async throws {
        try await ProbeFixture.with { fixture in
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("t"), timeout: .seconds(10))
            // The lower bound leaves room for a loaded CI machine; it still tells 10 s from any other timeout.
            #expect(response.deadlineMs > 5_000 && response.deadlineMs <= 10_000, "\(response.deadlineMs)")
        }
    }

    @Test("The configuration's default timeout applies to calls that give none")
    func defaultTimeout() async throws {
        try await ProbeFixture.with(client: { $0.defaultTimeout = .seconds(30) }) { fixture in
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("t"))
            #expect(response.deadlineMs > 15_000 && response.deadlineMs <= 30_000, "\(response.deadlineMs)")
        }
    }

    @Test("A call past its deadline fails with DEADLINE_EXCEEDED promptly, and the handler is cancelled")
    func deadlineExceeded() async throws {
        try await ProbeFixture.with { fixture in
            let start = ContinuousClock.now
            let error = await rpcError {
                // A deadline long enough for the request to reach the handler on a loaded machine
                // (a clean-clone CI run once saw 2 s pass before it did).
                _ = try await fixture.client.unary(
                    Probe.echo, ProbeRequest("slow") { $0.delayMs = 120_000 }, timeout: .seconds(5))
            }
            let elapsed = ContinuousClock.now - start
            #expect(error?.code == .deadlineExceeded)
            #expect(elapsed >= .seconds(5) && elapsed < .seconds(30), "\(elapsed)")
            #expect(await eventually { fixture.recorder.cancellationsSeen == 1 })
        }
    }

    @Test("Cancelling the caller's task resets the stream: the handler sees the cancellation")
    func cancellation() async throws {
        try await ProbeFixture.with { fixture in
            let client = fixture.client
            let call = Task {
                try await client.unary(Probe.echo, ProbeRequest("wait") { $0.waitForCancel = true })
            }
            #expect(await eventually { fixture.recorder.waitingForCancel == 1 }, "the handler started")
            call.cancel()
            let result = await call.result
            guard case .failure(let error as RPCError) = result else {
                Issue.record("expected an RPCError, got \(result)")
                return
            }
            #expect(error.code == .cancelled)
            // No deadline was set: only the client's RST_STREAM can have cancelled the handler.
            #expect(await eventually { fixture.recorder.cancellationsSeen == 1 })
            #expect(fixture.recorder.waitingForCancel == 0)
            // The connection is still good.
            let after = try await client.unary(Probe.echo, ProbeRequest("after"))
            #expect(after.text == "after")
        }
    }

    @Test("Returning early from a server-streaming handler cancels the call on the server")
    func abandonedStream() async throws {
        try await ProbeFixture.with { fixture in
            let first = try await fixture.client.serverStreaming(
                Probe.expand,
                ProbeRequest("endless") {
                    $0.count = 1; $0.waitForCancel = true
                }
            ) { responses in
                var iterator = responses.makeAsyncIterator()
                return try await iterator.next()
            }
            #expect(first?.text == "endless")
            #expect(await eventually { fixture.recorder.cancellationsSeen == 1 })
        }
    }

    @Test("200 concurrent calls share one connection; those beyond the server's 100 streams wait")
    func concurrentCalls() async throws {
        try await ProbeFixture.with { fixture in
            let client = fixture.client
            let texts = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await client.unary(Probe.echo, ProbeRequest("c\(index)") { $0.delayMs = 300 }).text
                    }
                }
                var texts: Set<String> = []
                for try await text in group { texts.insert(text) }
                return texts
            }
            #expect(texts == Set((0..<200).map { "c\($0)" }))
            #expect(fixture.recorder.peers.count == 1, "one connection: \(fixture.recorder.peers)")
            #expect(fixture.recorder.maxInFlight == 100, "the server's limit, reached and not exceeded")
        }
    }

    @Test("A call queued behind the server's stream limit can time out; it never reaches the server")
    func queuedCallTimesOut() async throws {
        try await ProbeFixture.with(server: { $0.maximumConcurrentStreams = 1 }) { fixture in
            let client = fixture.client
            let blocker = Task { try await client.unary(Probe.echo, ProbeRequest("block") { $0.waitForCancel = true }) }
            #expect(await eventually { fixture.recorder.waitingForCancel == 1 })
            let error = await rpcError {
                _ = try await client.unary(Probe.echo, ProbeRequest("queued"), timeout: .milliseconds(200))
            }
            #expect(error?.code == .deadlineExceeded)
            blocker.cancel()
            _ = await blocker.result
            let after = try await client.unary(Probe.echo, ProbeRequest("after"))
            #expect(after.text == "after", "the connection still works")
            #expect(fixture.recorder.calls == 2, "the timed-out call was dropped before it was sent")
        }
    }

    @Test("gzip-compressed requests and responses round-trip")
    func compression() async throws {
        try await ProbeFixture.with(client: { $0.requestCompression = .gzip }) { fixture in
            let payload = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 7) })
            let response = try await fixture.client.unary(Probe.echo, ProbeRequest("z") { $0.payload = payload })
            #expect(response.payload == payload)
            let collected = try await fixture.client.clientStreaming(Probe.collect) { writer in
                try await writer.write(contentsOf: (0..<5).map { ProbeRequest("\($0)") })
            }
            #expect(collected.message.text == "01234")
        }
    }

    @Test("A unary response larger than the stream's flow-control window arrives whole")
    func largeUnaryResponse() async throws {
        try await ProbeFixture.with { fixture in
            // 64 KiB is HTTP/2's initial stream window: the client must return it for the rest to come.
            let response = try await fixture.client.unary(
                Probe.echo, ProbeRequest("big") { $0.responseBytes = 300_000 }, timeout: .seconds(30))
            #expect(response.payload.count == 300_000)
        }
    }

    @Test("A response over maximumResponseMessageSize fails with RESOURCE_EXHAUSTED")
    func responseTooLarge() async throws {
        try await ProbeFixture.with(client: { $0.maximumResponseMessageSize = 1024 }) { fixture in
            let small = try await fixture.client.unary(Probe.echo, ProbeRequest("s") { $0.responseBytes = 900 })
            #expect(small.payload.count == 900)
            let error = await rpcError {
                _ = try await fixture.client.unary(Probe.echo, ProbeRequest("l") { $0.responseBytes = 2000 })
            }
            #expect(error?.code == .resourceExhausted)
        }
    }

    @Test("A slow reader holds the server back: response flow control follows consumption")
    func responseBackpressure() async throws {
        try await ProbeFixture.with { fixture in
            try await fixture.client.serverStreaming(
                Probe.expand,
                ProbeRequest("big") {
                    $0.count = 1000; $0.responseBytes = 10_000
                }
            ) { responses in
                var iterator = responses.makeAsyncIterator()
                _ = try await iterator.next()
                try await Task.sleep(for: .milliseconds(500))
                // 10 MB in all; windows and buffers hold about 1.5 MB of it.
                let sent = fixture.recorder.messagesSent
                #expect(sent > 10 && sent < 400, "sent \(sent) while the client read 1")
                var count = 1
                while try await iterator.next() != nil { count += 1 }
                #expect(count == 1000)
            }
        }
    }

    @Test("Request writes wait while the server does not read")
    func requestBackpressure() async throws {
        try await ProbeFixture.with { fixture in
            let written = Counter()
            let response = try await withThrowingTaskGroup(of: ClientResponse<ProbeResponse>?.self) { group in
                group.addTask {
                    try await fixture.client.clientStreaming(Probe.collect) { writer in
                        // The server sleeps 600 ms after the first request before reading on.
                        try await writer.write(ProbeRequest("") { $0.delayMs = 600 })
                        for _ in 0..<400 {
                            try await writer.write(
                                ProbeRequest("") { $0.payload = [UInt8](repeating: 1, count: 10_000) })
                            written.increment()
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(400))
                    let count = written.value
                    // 4 MB in all; windows and buffers take about 1.5 MB. (No lower bound: on a loaded
                    // machine few writes may have happened yet; the final index shows they all do.)
                    #expect(count < 300, "\(count) writes returned while the server was not reading")
                    return nil
                }
                var response: ClientResponse<ProbeResponse>?
                for try await result in group where result != nil { response = result }
                return response
            }
            #expect(response?.message.index == 401)
        }
    }

    @Test("close() waits for calls in flight, then refuses new ones with UNAVAILABLE")
    func gracefulClose() async throws {
        try await ProbeFixture.with { fixture in
            let client = fixture.client
            let call = Task { try await client.unary(Probe.echo, ProbeRequest("slow") { $0.delayMs = 300 }) }
            #expect(await eventually { fixture.recorder.calls == 1 })
            await client.close()
            let response = try await call.value
            #expect(response.text == "slow", "the call in flight finished")
            let error = await rpcError { _ = try await client.unary(Probe.echo, ProbeRequest("late")) }
            #expect(error?.code == .unavailable)
        }
    }
}
