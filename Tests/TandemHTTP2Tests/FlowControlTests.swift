import NIOCore
import Testing

@testable import TandemHTTP2

@Suite struct FlowControlTests {
    static let bodySize = 5 << 20
    static let chunkSize = 64 << 10

    /// A 5 MiB response written as fast as `canWrite` allows, with `.writable` resuming the writer.
    final class StreamingServer {
        let pair: SessionPair
        var streamID: Int32 = 0
        var written = 0
        var maxBuffered = 0
        var maxConnectionBuffered = 0

        init(_ pair: SessionPair) {
            self.pair = pair
            pair.onServerEvent = { [unowned self] event in
                switch event {
                case .headers(let streamID, _, true):
                    self.streamID = streamID
                    try pair.server.submitResponseHeaders(
                        streamID: streamID, headers: fields([":status": "200"]), endStream: false)
                    try self.write()
                case .writable(let streamID) where streamID == self.streamID:
                    try self.write()
                default:
                    break
                }
            }
        }

        func write() throws {
            let chunk = ByteBuffer(repeating: 0x5a, count: FlowControlTests.chunkSize)
            while self.written < FlowControlTests.bodySize && self.pair.server.canWrite(streamID: self.streamID) {
                try self.pair.server.writeData(streamID: self.streamID, data: chunk)
                self.written += chunk.readableBytes
                self.maxBuffered = max(
                    self.maxBuffered, self.pair.server.bufferedOutboundBytes(streamID: self.streamID))
                self.maxConnectionBuffered = max(self.maxConnectionBuffered, self.pair.server.bufferedOutboundBytes)
            }
            if self.written == FlowControlTests.bodySize {
                self.written += 1  // trailers once
                try self.pair.server.submitTrailers(streamID: self.streamID, headers: fields(["grpc-status": "0"]))
            }
        }
    }

    @Test func aLargeResponseFlowsOnlyAsTheClientConsumes() throws {
        let pair = try SessionPair()
        let server = StreamingServer(pair)
        var consuming = false
        var received = 0
        var ended = false
        pair.onClientEvent = { event in
            switch event {
            case .data(let streamID, let bytes, _):
                received += bytes.readableBytes
                if consuming { pair.client.consume(streamID: streamID, count: bytes.readableBytes) }
            case .headers(_, _, true):
                ended = true
            default:
                break
            }
        }

        let streamID = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()

        // Without consumption only one stream window crosses; the server's queue is capped.
        #expect(received == 65_535)
        #expect(!pair.server.canWrite(streamID: server.streamID))
        #expect(server.maxBuffered <= (1 << 20) + Self.chunkSize)
        #expect(pair.server.bufferedOutboundBytes(streamID: server.streamID) >= 1 << 20)
        #expect(server.written < Self.bodySize)

        consuming = true
        pair.client.consume(streamID: streamID, count: received)
        try pair.pump()

        #expect(received == Self.bodySize)
        #expect(ended)
        #expect(server.maxBuffered <= (1 << 20) + Self.chunkSize)
        #expect(pair.server.bufferedOutboundBytes == 0)
        #expect(pair.clientEvents(streamID: streamID).last == .streamClosed(streamID: streamID, errorCode: .noError))
    }

    @Test func theConnectionBufferLimitStopsEveryStream() throws {
        let configuration = HTTP2Session.Configuration(
            maxBufferedOutboundBytesPerStream: 1 << 20, maxBufferedOutboundBytesPerConnection: 100_000)
        let pair = try SessionPair(server: configuration)
        var streams: [Int32] = []
        pair.onServerEvent = { event in
            if case .headers(let streamID, _, true) = event {
                streams.append(streamID)
                try pair.server.submitResponseHeaders(
                    streamID: streamID, headers: fields([":status": "200"]), endStream: false)
            }
        }
        _ = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        _ = try pair.client.submitRequest(headers: requestHeaders(), endStream: true)
        try pair.pump()
        #expect(streams.count == 2)
        #expect(pair.server.canWrite(streamID: streams[1]))

        try pair.server.writeData(streamID: streams[0], data: ByteBuffer(repeating: 1, count: 200_000))
        try pair.pump()
        // 65,535 bytes went out (the stream window); the rest is over the connection's limit.
        #expect(pair.server.bufferedOutboundBytes == 200_000 - 65_535)
        #expect(!pair.server.canWrite(streamID: streams[0]))
        #expect(!pair.server.canWrite(streamID: streams[1]))

        pair.server.resetStream(streamID: streams[0], errorCode: .cancel)
        #expect(pair.server.bufferedOutboundBytes == 0)
        try pair.pump()
        // The stream that was told "no" hears that it may write now.
        #expect(pair.serverEvents.contains(.writable(streamID: streams[1])))
        #expect(!pair.serverEvents.contains(.writable(streamID: streams[0])))
        #expect(pair.server.canWrite(streamID: streams[1]))
    }

    @Test func unconsumedDataOfAClosedStreamIsReturnedToTheConnection() throws {
        // A connection window of one stream window: if a reset stream's bytes were not given back,
        // the second stream could not receive anything.
        let configuration = HTTP2Session.Configuration(connectionWindowSize: 65_535)
        let pair = try SessionPair(client: configuration, server: configuration)
        var received: [Int32: Int] = [:]
        pair.onServerEvent = { event in
            if case .data(let streamID, let bytes, _) = event { received[streamID, default: 0] += bytes.readableBytes }
        }
        let first = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: first, data: ByteBuffer(repeating: 1, count: 65_535))
        try pair.pump()
        #expect(received[first] == 65_535)

        pair.client.resetStream(streamID: first, errorCode: .cancel)
        let second = try pair.client.submitRequest(headers: requestHeaders(), endStream: false)
        try pair.client.writeData(streamID: second, data: ByteBuffer(repeating: 2, count: 1000), endStream: true)
        try pair.pump()
        #expect(received[second] == 1000)
    }
}
