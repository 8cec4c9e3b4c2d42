import NIOCore
import Testing

@testable import TandemHTTP2

@Suite struct RequestResponseTests {
    static let responseHeaders = fields([":status": "200", "content-type": "application/grpc"])
    static let trailers = fields(["grpc-status": "0", "grpc-message": "OK"])

    /// A server that answers each complete request with headers, one message and trailers.
    static func answerEveryRequest(_ pair: SessionPair, body: String = "response body") {
        pair.onServerEvent = { event in
            let streamID: Int32
            switch event {
            case .headers(let id, _, true), .data(let id, _, true): streamID = id
            default: return
            }
            try pair.server.submitResponseHeaders(streamID: streamID, headers: Self.responseHeaders, endStream: false)
            try pair.server.writeData(streamID: streamID, data: ByteBuffer(string: body))
            try pair.server.submitTrailers(streamID: streamID, headers: Self.trailers)
        }
    }

    @Test func requestBodyResponseAndTrailersArriveInOrderWithEndStreamFlags() throws {
        let pair = try SessionPair()
        Self.answerEveryRequest(pair)

        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: streamID, data: ByteBuffer(string: "hello"))
        try pair.client.finishRequest(streamID: streamID)
        try pair.pump()

        #expect(streamID == 1)
        #expect(
            pair.serverEvents(streamID: streamID) == [
                .headers(streamID: 1, headers: requestHeaders(), endStream: false),
                .data(streamID: 1, bytes: ByteBuffer(string: "hello"), endStream: true),
                .streamClosed(streamID: 1, errorCode: .noError),
            ])
        #expect(
            pair.clientEvents(streamID: streamID) == [
                .headers(streamID: 1, headers: Self.responseHeaders, endStream: false),
                .data(streamID: 1, bytes: ByteBuffer(string: "response body"), endStream: false),
                .headers(streamID: 1, headers: Self.trailers, endStream: true),
                .streamClosed(streamID: 1, errorCode: .noError),
            ])
        #expect(pair.client.openStreamCount == 0)
        #expect(pair.server.openStreamCount == 0)
        #expect(pair.server.lastProcessedStreamID == 1)
        #expect(pair.clientEvents.contains(.settingsReceived))
        #expect(pair.clientEvents.contains(.settingsAcknowledged))
        #expect(pair.serverEvents.contains(.settingsReceived))
    }

    @Test func trailersOnlyResponseIsOneHeadersFrameEndingTheStream() throws {
        let pair = try SessionPair()
        let trailersOnly = fields([":status": "200", "content-type": "application/grpc", "grpc-status": "12"])
        pair.onServerEvent = { event in
            if case .headers(let streamID, _, true) = event {
                try pair.server.submitResponseHeaders(streamID: streamID, headers: trailersOnly, endStream: true)
            }
        }
        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()

        #expect(
            pair.clientEvents(streamID: streamID) == [
                .headers(streamID: streamID, headers: trailersOnly, endStream: true),
                .streamClosed(streamID: streamID, errorCode: .noError),
            ])
    }

    @Test func trailersAfterTheQueueDrainedSendAnEmptyDataFrameThenTrailers() throws {
        let pair = try SessionPair()
        var serverStream: Int32 = 0
        pair.onServerEvent = { event in
            if case .headers(let streamID, _, true) = event {
                serverStream = streamID
                try pair.server.submitResponseHeaders(
                    streamID: streamID, headers: Self.responseHeaders, endStream: false)
                try pair.server.writeData(streamID: streamID, data: ByteBuffer(string: "first"))
            }
        }
        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        // The provider has drained "first" and deferred: the trailers come later, on their own.
        #expect(pair.server.bufferedOutboundBytes(streamID: serverStream) == 0)
        try pair.server.writeData(streamID: serverStream, data: ByteBuffer(string: "second"))
        try pair.pump()
        try pair.server.submitTrailers(streamID: serverStream, headers: Self.trailers)
        try pair.pump()

        #expect(
            coalescingData(pair.clientEvents(streamID: streamID)) == [
                .headers(streamID: streamID, headers: Self.responseHeaders, endStream: false),
                .data(streamID: streamID, bytes: ByteBuffer(string: "firstsecond"), endStream: false),
                .headers(streamID: streamID, headers: Self.trailers, endStream: true),
                .streamClosed(streamID: streamID, errorCode: .noError),
            ])
    }

    @Test func clientRequestCanEndWithDataOrTrailers() throws {
        let pair = try SessionPair()
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: first, data: ByteBuffer(string: "a"), endStream: true)
        let second = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.pump()
        // Nothing queued: finishRequest resumes the deferred provider with an empty END_STREAM frame.
        try pair.client.finishRequest(streamID: second)
        let third = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: third, data: ByteBuffer(string: "c"))
        try pair.client.submitTrailers(streamID: third, headers: fields(["x-client-trailer": "yes"]))
        try pair.pump()

        #expect(
            pair.serverEvents(streamID: first).dropFirst().first
                == .data(streamID: first, bytes: ByteBuffer(string: "a"), endStream: true))
        #expect(
            pair.serverEvents(streamID: second).dropFirst().first
                == .data(streamID: second, bytes: ByteBuffer(), endStream: true))
        #expect(
            Array(pair.serverEvents(streamID: third).dropFirst()) == [
                .data(streamID: third, bytes: ByteBuffer(string: "c"), endStream: false),
                .headers(streamID: third, headers: fields(["x-client-trailer": "yes"]), endStream: true),
            ])
    }

    @Test func misuseIsATypedError() throws {
        let pair = try SessionPair()
        #expect(throws: HTTP2Error.self) {
            try pair.client.submitResponseHeaders(streamID: 1, headers: [], endStream: true)
        }
        #expect(throws: HTTP2Error.self) { try pair.server.submitRequest(headers: requestHeaders(), endStream: true) }
        do {
            try pair.client.writeData(streamID: 7, data: ByteBuffer(string: "x"))
            Issue.record("writing to an unknown stream succeeded")
        } catch {
            #expect(error.code == .unknownStream)
        }
        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        do {
            try pair.client.writeData(streamID: streamID, data: ByteBuffer(string: "x"))
            Issue.record("writing after END_STREAM succeeded")
        } catch {
            #expect(error.code == .invalidState)
        }
        #expect(throws: HTTP2Error.self) { try pair.client.submitShutdownNotice() }
    }

    @Test func pingIsAcknowledgedWithItsPayload() throws {
        let pair = try SessionPair()
        try pair.pump()
        try pair.client.sendPing(payload: 0x0102_0304_0506_0708)
        try pair.pump()

        #expect(pair.serverEvents.contains(.pingReceived(ack: false, payload: 0x0102_0304_0506_0708)))
        #expect(pair.clientEvents.contains(.pingReceived(ack: true, payload: 0x0102_0304_0506_0708)))
    }

    @Test func resetFromTheClientReachesTheServerAsCancel() throws {
        let pair = try SessionPair()
        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: streamID, data: ByteBuffer(string: "partial"))
        try pair.pump()
        #expect(pair.server.openStreamCount == 1)

        pair.client.resetStream(streamID: streamID, errorCode: .cancel)
        try pair.pump()

        #expect(pair.serverEvents(streamID: streamID).last == .streamClosed(streamID: streamID, errorCode: .cancel))
        #expect(pair.clientEvents(streamID: streamID).last == .streamClosed(streamID: streamID, errorCode: .cancel))
        #expect(pair.server.openStreamCount == 0)
        #expect(pair.client.openStreamCount == 0)
    }

    @Test func resettingARequestStillWaitingForAStreamSlotClosesItWithTheResetCode() throws {
        let pair = try SessionPair(server: .init(maxConcurrentStreams: 1))
        try pair.pump()
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        let waiting = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: waiting, data: ByteBuffer(string: "never sent"))
        try pair.pump()
        #expect(pair.server.openStreamCount == 1)

        pair.client.resetStream(streamID: waiting, errorCode: .cancel)
        #expect(pair.client.bufferedOutboundBytes == 0)
        try pair.server.submitResponseHeaders(streamID: first, headers: fields([":status": "200"]), endStream: true)
        try pair.pump()

        #expect(pair.clientEvents(streamID: waiting) == [.streamClosed(streamID: waiting, errorCode: .cancel)])
        #expect(pair.serverEvents(streamID: waiting).isEmpty)
        #expect(pair.client.openStreamCount == 0)
    }

    @Test func concurrentStreamsBeyondTheServerLimitWaitAndAllComplete() throws {
        let pair = try SessionPair()
        var pending: [Int32] = []
        var answering = false
        pair.onServerEvent = { event in
            guard case .headers(let streamID, _, true) = event else { return }
            pending.append(streamID)
            if answering {
                for streamID in pending {
                    try pair.server.submitResponseHeaders(
                        streamID: streamID, headers: Self.responseHeaders, endStream: false)
                    try pair.server.writeData(streamID: streamID, data: ByteBuffer(string: "#\(streamID)"))
                    try pair.server.submitTrailers(streamID: streamID, headers: Self.trailers)
                }
                pending.removeAll()
            }
        }
        pair.onClientEvent = { event in
            if case .data(let streamID, let bytes, _) = event {
                pair.client.consume(streamID: streamID, count: bytes.readableBytes)
            }
        }

        let streamIDs = try (0..<200).map { _ in
            try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        }
        #expect(pair.client.openStreamCount == 200)
        try pair.pump()
        // The server advertised 100: the client holds the other requests back.
        #expect(pending.count == 100)
        #expect(pair.server.openStreamCount == 100)

        answering = true
        let waiting = pending
        pending.removeAll()
        for streamID in waiting {
            try pair.server.submitResponseHeaders(streamID: streamID, headers: Self.responseHeaders, endStream: false)
            try pair.server.writeData(streamID: streamID, data: ByteBuffer(string: "#\(streamID)"))
            try pair.server.submitTrailers(streamID: streamID, headers: Self.trailers)
        }
        try pair.pump()

        #expect(pair.maxServerOpenStreams <= 100)
        for streamID in streamIDs {
            let events = pair.clientEvents(streamID: streamID)
            #expect(
                events.contains(.data(streamID: streamID, bytes: ByteBuffer(string: "#\(streamID)"), endStream: false)))
            #expect(events.last == .streamClosed(streamID: streamID, errorCode: .noError))
        }
        #expect(pair.client.openStreamCount == 0)
        #expect(pair.server.openStreamCount == 0)
    }
}
