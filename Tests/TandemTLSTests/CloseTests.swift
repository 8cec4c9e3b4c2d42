import TandemTLS
import Testing

@Suite("close_notify")
struct CloseTests {
    @Test("each side sees the other's close_notify, after the data sent before it")
    func closeNotifyBothWays() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump()
        try pair.client.writePlaintext(Array("last words".utf8))
        try pair.client.close()
        #expect(pair.client.sentCloseNotify)
        #expect(!pair.server.receivedCloseNotify)
        pair.pump()
        #expect(pair.serverReceived == Array("last words".utf8))
        #expect(pair.server.receivedCloseNotify)
        #expect(!pair.client.receivedCloseNotify)

        // The server may still answer before closing its half.
        try pair.server.writePlaintext(Array("goodbye".utf8))
        try pair.server.close()
        pair.pump()
        #expect(pair.clientReceived == Array("goodbye".utf8))
        #expect(pair.client.receivedCloseNotify)
        #expect(pair.clientError == nil)
        #expect(pair.serverError == nil)
    }

    @Test("writing after close() is refused")
    func writeAfterClose() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump()
        try pair.client.close()
        #expect {
            try pair.client.writePlaintext([1, 2, 3])
        } throws: { error in
            (error as? TLSError)?.code == .connectionClosed
        }
        pair.pump()
        #expect(pair.serverReceived.isEmpty)
    }

    @Test("close() during the handshake sends close_notify once it completes, after earlier writes")
    func closeDuringHandshake() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        try pair.client.writePlaintext(Array("early".utf8))
        try pair.client.close()
        #expect(!pair.client.sentCloseNotify)
        pair.pump()
        #expect(pair.client.sentCloseNotify)
        #expect(pair.serverReceived == Array("early".utf8))
        #expect(pair.server.receivedCloseNotify)
    }

    @Test("a peer that vanishes without close_notify is not reported as closed")
    func noCloseNotifyWithoutOne() throws {
        let pair = try InMemoryPair(client: Configurations.client(), server: Configurations.server())
        pair.pump()
        try pair.client.writePlaintext([9])
        pair.pump()
        #expect(pair.serverReceived == [9])
        #expect(!pair.server.receivedCloseNotify)
    }
}
