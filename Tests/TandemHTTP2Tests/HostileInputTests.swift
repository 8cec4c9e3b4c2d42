import NIOCore
import Testing

@testable import TandemHTTP2

@Suite struct HostileInputTests {
    /// The client preface and an empty SETTINGS frame: what a raw client starts with.
    static let preface = RawFrame.clientPreface + RawFrame(.settings).bytes

    static func receive(_ server: HTTP2Session, _ bytes: [UInt8]) throws(HTTP2Error) -> [HTTP2Event] {
        var events: [HTTP2Event] = []
        try server.receive(ByteBuffer(bytes: bytes), into: &events)
        return events
    }

    static func flush(_ session: HTTP2Session) throws -> (frames: [RawFrame], events: [HTTP2Event]) {
        var output = ByteBuffer()
        var events: [HTTP2Event] = []
        try session.flush(into: &output, events: &events)
        return (RawFrame.parse(output), events)
    }

    @Test func aBadPrefaceThrowsATypedErrorAndQueuesAGoAway() throws {
        let server = try HTTP2Session(role: .server)
        do {
            _ = try Self.receive(server, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            Issue.record("an HTTP/1.1 request was accepted")
        } catch {
            #expect(error.code == .badPreface)
            #expect(error.libraryErrorCode == -903)
            #expect(error.libraryErrorDescription != nil)
        }
        let (frames, events) = try Self.flush(server)
        let goAway = frames.first { $0.kind == .goAway }
        #expect(goAway?.errorCode == HTTP2ErrorCode.protocolError.rawValue)
        #expect(events.contains(.goAwaySent(lastStreamID: 0, errorCode: .protocolError)))
        #expect(!server.wantsRead)
        #expect(!server.wantsWrite)
        // The session stays failed.
        #expect(throws: HTTP2Error.self) { _ = try Self.receive(server, Self.preface) }
    }

    @Test(arguments: [(7 * 1024, false), (9 * 1024, true)])
    func anOversizedHeaderListResetsOnlyItsStream(valueSize: Int, refused: Bool) throws {
        let pair = try SessionPair()
        RequestResponseTests.answerEveryRequest(pair)
        let big = HTTP2Header(name: "x-big", value: String(repeating: "v", count: valueSize))
        let first = try pair.client.submitRequest(headers: requestHeaders(extra: [big]), endStream: true)
        try pair.pump()
        let second = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()

        if refused {
            #expect(
                pair.serverEvents(streamID: first) == [
                    .headerListTooLarge(streamID: first),
                    .streamClosed(streamID: first, errorCode: .enhanceYourCalm),
                ])
            #expect(
                pair.clientEvents(streamID: first) == [.streamClosed(streamID: first, errorCode: .enhanceYourCalm)])
        } else {
            #expect(pair.clientEvents(streamID: first).last == .streamClosed(streamID: first, errorCode: .noError))
        }
        // The connection still serves the next stream.
        #expect(pair.clientEvents(streamID: second).count == 4)
        #expect(pair.clientEvents(streamID: second).last == .streamClosed(streamID: second, errorCode: .noError))
        #expect(!pair.clientEvents.contains { if case .goAwayReceived = $0 { true } else { false } })
    }

    @Test func anOversizedHeaderListWithDataDiscardsTheDataAndReturnsTheWindow() throws {
        let server = try HTTP2Session(role: .server)
        let big = HPACK.literal("x-big", String(repeating: "v", count: 9000))
        var input = Self.preface
        input += RawFrame(.headers, flags: RawFrame.endHeaders, streamID: 1, payload: HPACK.request() + big).bytes
        for _ in 0..<3 {
            input += RawFrame(.data, streamID: 1, payload: Array(repeating: 1, count: 10_000)).bytes
        }
        input +=
            RawFrame(.headers, flags: RawFrame.endHeaders | RawFrame.endStream, streamID: 3, payload: HPACK.request())
            .bytes
        let events = try Self.receive(server, input)
        #expect(events.contains(.headerListTooLarge(streamID: 1)))
        #expect(!events.contains { if case .data = $0 { true } else { false } })
        #expect(events.contains { if case .headers(3, _, true) = $0 { true } else { false } })

        let (frames, _) = try Self.flush(server)
        #expect(frames.contains(RawFrame.rstStream(streamID: 1, errorCode: 0xb)))
        #expect(!frames.contains { $0.kind == .goAway })
        // The discarded 30,000 bytes went back to the connection window at once.
        let windowUpdates = frames.filter { $0.kind == .windowUpdate && $0.streamID == 0 }
        #expect(!windowUpdates.isEmpty)
    }

    @Test func continuationFramesWithinTheLimitMakeOneHeaderBlock() throws {
        let server = try HTTP2Session(role: .server)
        var input = Self.preface
        input += RawFrame(.headers, streamID: 1, payload: HPACK.request()).bytes
        for index in 0..<3 {
            let flags = index == 2 ? RawFrame.endHeaders : 0
            input +=
                RawFrame(.continuation, flags: flags, streamID: 1, payload: HPACK.literal("x-part-\(index)", "v"))
                .bytes
        }
        let events = try Self.receive(server, input)
        let headers = events.compactMap { event -> [HTTP2Header]? in
            if case .headers(1, let headers, false) = event { headers } else { nil }
        }
        #expect(headers.first?.suffix(3).map(\.name) == ["x-part-0", "x-part-1", "x-part-2"])
    }

    @Test func anIncompleteHeaderBlockIsReportedUntilItsLastFrame() throws {
        let server = try HTTP2Session(role: .server)
        _ = try Self.receive(server, Self.preface)
        #expect(!server.isReceivingHeaderBlock)
        _ = try Self.receive(server, RawFrame(.headers, streamID: 1, payload: HPACK.request()).bytes)
        #expect(server.isReceivingHeaderBlock, "HEADERS without END_HEADERS leaves the block open")
        _ = try Self.receive(
            server,
            RawFrame(.continuation, flags: RawFrame.endHeaders, streamID: 1, payload: HPACK.literal("x", "v")).bytes)
        #expect(!server.isReceivingHeaderBlock)
    }

    @Test func aContinuationFloodIsRefused() throws {
        let server = try HTTP2Session(role: .server)
        var input = Self.preface
        input += RawFrame(.headers, streamID: 1, payload: HPACK.request()).bytes
        for index in 0..<1000 {
            input += RawFrame(.continuation, streamID: 1, payload: HPACK.literal("x-flood-\(index)", "v")).bytes
        }
        do {
            let events = try Self.receive(server, input)
            Issue.record("a CONTINUATION flood was accepted: \(events.count) events")
        } catch {
            #expect(error.code == .flood)
        }
        let (frames, _) = try Self.flush(server)
        #expect(frames.first { $0.kind == .goAway }?.errorCode == HTTP2ErrorCode.enhanceYourCalm.rawValue)
    }

    @Test func aRapidResetFloodEndsTheConnection() throws {
        let server = try HTTP2Session(role: .server)
        var input = Self.preface
        for index in 0..<10_000 {
            let streamID = Int32(2 * index + 1)
            input += RawFrame(.headers, flags: RawFrame.endHeaders, streamID: streamID, payload: HPACK.request()).bytes
            input += RawFrame.rstStream(streamID: streamID, errorCode: HTTP2ErrorCode.cancel.rawValue).bytes
        }

        var opened = 0
        var goAway: RawFrame?
        var offset = 0
        var fed = 0
        while offset < input.count && server.wantsRead {
            let end = min(offset + 16_384, input.count)
            for event in try Self.receive(server, Array(input[offset..<end])) {
                if case .headers = event { opened += 1 }
            }
            offset = end
            fed += 1
            let (frames, _) = try Self.flush(server)
            goAway = goAway ?? frames.first { $0.kind == .goAway }
        }

        let code = try #require(goAway?.errorCode)
        #expect([HTTP2ErrorCode.internalError.rawValue, HTTP2ErrorCode.enhanceYourCalm.rawValue].contains(code))
        #expect(opened > 1000)
        #expect(opened < 2000)
        #expect(offset < input.count)
        #expect(!server.wantsRead)
    }

    @Test func aPingFloodThatNeverReadsItsAcksIsRefused() throws {
        let server = try HTTP2Session(role: .server)
        var input = Self.preface
        for index in 0..<5000 {
            input += RawFrame(.ping, payload: RawFrame.bigEndian(UInt32(index)) + [0, 0, 0, 0]).bytes
        }
        do {
            _ = try Self.receive(server, input)
            Issue.record("5000 unanswered PINGs were accepted")
        } catch {
            #expect(error.code == .flood)
        }
    }

    @Test func feedingOneByteAtATimeGivesTheSameEventsAsFeedingItWhole() throws {
        // A varied exchange from a real client session: several streams, a body split in frames,
        // trailers, a PING and a reset.
        let client = try HTTP2Session(role: .client)
        let first = try client.submitRequest(headers: requestHeaders(extra: fields(["x-meta": "1"])), endStream: false)
        try client.writeData(streamID: first, data: ByteBuffer(repeating: 7, count: 40_000))
        try client.finishRequest(streamID: first)
        let second = try client.submitRequest(headers: requestHeaders(path: "/tandem.Test/Other"), endStream: false)
        try client.writeData(streamID: second, data: ByteBuffer(string: "message"))
        try client.submitTrailers(streamID: second, headers: fields(["x-trailer": "t"]))
        try client.sendPing(payload: 42)
        let third = try client.submitRequest(headers: requestHeaders(), endStream: false)
        var output = ByteBuffer()
        var events: [HTTP2Event] = []
        try client.flush(into: &output, events: &events)
        client.resetStream(streamID: third, errorCode: .cancel)
        try client.flush(into: &output, events: &events)
        let bytes = Array(output.readableBytesView)

        let whole = try HTTP2Session(role: .server)
        let wholeEvents = try Self.receive(whole, bytes)

        let split = try HTTP2Session(role: .server)
        var splitEvents: [HTTP2Event] = []
        for byte in bytes {
            try split.receive(ByteBuffer(bytes: [byte]), into: &splitEvents)
        }

        #expect(wholeEvents.count >= 8)
        #expect(coalescingData(splitEvents) == coalescingData(wholeEvents))
        #expect(wholeEvents.last == .streamClosed(streamID: third, errorCode: .cancel))
        let wholeOutput = try Self.flush(whole).frames
        let splitOutput = try Self.flush(split).frames
        #expect(wholeOutput.map(\.type) == splitOutput.map(\.type))
    }
}
