import NIOCore
import Testing

@testable import TandemHTTP2

@Suite struct ShutdownTests {
    static let maxStreamID = Int32.max

    @Test func shutdownNoticeThenFinalGoAwayLetsAcceptedStreamsFinish() throws {
        let pair = try SessionPair()
        var accepted: [Int32] = []
        pair.onServerEvent = { event in
            if case .headers(let streamID, _, true) = event { accepted.append(streamID) }
        }
        pair.onClientEvent = { event in
            if case .data(let streamID, let bytes, _) = event {
                pair.client.consume(streamID: streamID, count: bytes.readableBytes)
            }
        }
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        let second = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        #expect(accepted == [first, second])

        // First GOAWAY: a warning. A stream the client starts before it sees it is still accepted.
        try pair.server.submitShutdownNotice()
        let late = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        #expect(
            pair.clientEvents.contains(
                .goAwayReceived(lastStreamID: Self.maxStreamID, errorCode: .noError, debugData: ByteBuffer())))
        #expect(accepted == [first, second, late])
        // Once it has seen the notice, the client starts nothing new.
        #expect(throws: HTTP2Error.self) { try pair.client.submitRequest(headers: requestHeaders(), endStream: true) }

        // Second GOAWAY names the last stream processed.
        try pair.server.submitGoAway(errorCode: .noError, lastStreamID: .lastProcessed)
        try pair.pump()
        #expect(
            pair.clientEvents.contains(
                .goAwayReceived(lastStreamID: late, errorCode: .noError, debugData: ByteBuffer())))
        #expect(pair.serverEvents.contains(.goAwaySent(lastStreamID: late, errorCode: .noError)))
        #expect(pair.server.openStreamCount == 3)
        #expect(pair.server.wantsRead)

        // The accepted streams complete; then both sides are done.
        for streamID in [first, second, late] {
            try pair.server.submitResponseHeaders(
                streamID: streamID, headers: fields([":status": "200"]), endStream: false)
            try pair.server.writeData(streamID: streamID, data: ByteBuffer(string: "done"))
            try pair.server.submitTrailers(streamID: streamID, headers: fields(["grpc-status": "0"]))
        }
        try pair.pump()
        for streamID in [first, second, late] {
            #expect(
                pair.clientEvents(streamID: streamID).last == .streamClosed(streamID: streamID, errorCode: .noError))
        }
        #expect(!pair.server.wantsRead)
        #expect(!pair.server.wantsWrite)
        #expect(!pair.client.wantsRead)
    }

    @Test func aGoAwayWithAnErrorEndsTheConnectionAndRefusesUnprocessedStreams() throws {
        let pair = try SessionPair()
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        try pair.server.submitGoAway(
            errorCode: .enhanceYourCalm, debugData: Array("too_many_pings".utf8), lastStreamID: .streamID(0))
        try pair.pump()

        #expect(
            pair.clientEvents.contains(
                .goAwayReceived(
                    lastStreamID: 0, errorCode: .enhanceYourCalm, debugData: ByteBuffer(string: "too_many_pings"))))
        #expect(pair.clientEvents(streamID: first).last == .streamClosed(streamID: first, errorCode: .refusedStream))
        #expect(pair.serverEvents(streamID: first).last == .streamClosed(streamID: first, errorCode: .refusedStream))
        #expect(!pair.client.wantsRead)
    }

    @Test func requestsQueuedBehindTheStreamLimitAreRefusedByAGoAway() throws {
        let pair = try SessionPair(server: .init(maxConcurrentStreams: 1))
        try pair.pump()
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        let queued = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        #expect(pair.server.openStreamCount == 1)
        try pair.server.submitGoAway(lastStreamID: .lastProcessed)
        try pair.pump()

        try pair.server.submitResponseHeaders(streamID: first, headers: fields([":status": "200"]), endStream: true)
        try pair.pump()

        // The queued request never went out: it is reported closed, refused, on the client.
        #expect(pair.clientEvents(streamID: first).last == .streamClosed(streamID: first, errorCode: .noError))
        #expect(pair.clientEvents(streamID: queued) == [.streamClosed(streamID: queued, errorCode: .refusedStream)])
        #expect(pair.serverEvents(streamID: queued).isEmpty)
        #expect(pair.client.openStreamCount == 0)
    }
}
