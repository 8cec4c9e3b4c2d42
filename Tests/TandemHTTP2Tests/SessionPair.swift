import NIOCore
import Testing

@testable import TandemHTTP2

/// A client session and a server session pumped against each other in memory: client output goes
/// to the server, server output to the client, until neither has anything to say.
final class SessionPair {
    let client: HTTP2Session
    let server: HTTP2Session
    /// Every event each side produced, in order.
    private(set) var clientEvents: [HTTP2Event] = []
    private(set) var serverEvents: [HTTP2Event] = []
    /// Called for each event after `receive` or `flush` returned: may call the session.
    var onClientEvent: (HTTP2Event) throws -> Void = { _ in }
    var onServerEvent: (HTTP2Event) throws -> Void = { _ in }
    /// The most streams the server had open after any of its calls.
    private(set) var maxServerOpenStreams = 0

    init(client: HTTP2Session.Configuration = .init(), server: HTTP2Session.Configuration = .init()) throws {
        self.client = try HTTP2Session(role: .client, configuration: client)
        self.server = try HTTP2Session(role: .server, configuration: server)
    }

    /// Pumps until quiet; returns the number of rounds.
    @discardableResult
    func pump(maxRounds: Int = 100_000, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var events: [HTTP2Event] = []
        for round in 1...maxRounds {
            var delivered = false

            var clientOutput = ByteBuffer()
            try self.client.flush(into: &clientOutput, events: &events)
            delivered = try self.deliver(&events, client: true) || delivered
            if clientOutput.readableBytes > 0 {
                try self.server.receive(clientOutput, into: &events)
                delivered = try self.deliver(&events, client: false) || delivered
            }

            var serverOutput = ByteBuffer()
            try self.server.flush(into: &serverOutput, events: &events)
            delivered = try self.deliver(&events, client: false) || delivered
            if serverOutput.readableBytes > 0 {
                try self.client.receive(serverOutput, into: &events)
                delivered = try self.deliver(&events, client: true) || delivered
            }

            if clientOutput.readableBytes == 0 && serverOutput.readableBytes == 0 && !delivered {
                return round
            }
        }
        Issue.record("the sessions did not settle in \(maxRounds) rounds", sourceLocation: sourceLocation)
        return maxRounds
    }

    func clientEvents(streamID: Int32) -> [HTTP2Event] { self.clientEvents.filter { $0.streamID == streamID } }
    func serverEvents(streamID: Int32) -> [HTTP2Event] { self.serverEvents.filter { $0.streamID == streamID } }

    private func deliver(_ events: inout [HTTP2Event], client: Bool) throws -> Bool {
        defer { events.removeAll(keepingCapacity: true) }
        guard !events.isEmpty else { return false }
        let batch = events
        if client {
            self.clientEvents += batch
            for event in batch { try self.onClientEvent(event) }
        } else {
            self.serverEvents += batch
            for event in batch { try self.onServerEvent(event) }
        }
        self.maxServerOpenStreams = max(self.maxServerOpenStreams, self.server.openStreamCount)
        return true
    }
}

extension HTTP2Event {
    var streamID: Int32? {
        switch self {
        case .headers(let streamID, _, _), .data(let streamID, _, _), .headerListTooLarge(let streamID),
            .streamClosed(let streamID, _), .writable(let streamID):
            streamID
        default:
            nil
        }
    }
}

/// Builds a header list from literal pairs, in order.
func fields(_ pairs: KeyValuePairs<String, String>) -> [HTTP2Header] {
    pairs.map { HTTP2Header(name: $0.key, value: $0.value) }
}

/// A gRPC request's headers.
func requestHeaders(path: String = "/tandem.Test/Call", extra: [HTTP2Header] = []) -> [HTTP2Header] {
    fields([
        ":method": "POST", ":scheme": "http", ":path": path, ":authority": "test",
        "content-type": "application/grpc", "te": "trailers",
    ]) + extra
}

/// Merges consecutive `.data` events of one stream: how a DATA frame is split into events depends
/// on how its bytes arrived.
func coalescingData(_ events: [HTTP2Event]) -> [HTTP2Event] {
    var merged: [HTTP2Event] = []
    for event in events {
        if case .data(let streamID, var bytes, let endStream) = event,
            case .data(streamID, var previous, false) = merged.last
        {
            previous.writeBuffer(&bytes)
            merged[merged.count - 1] = .data(streamID: streamID, bytes: previous, endStream: endStream)
        } else {
            merged.append(event)
        }
    }
    return merged
}
