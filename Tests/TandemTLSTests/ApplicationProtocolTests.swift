import TandemTLS
import Testing

@Suite("ALPN")
struct ApplicationProtocolTests {
    @Test(
        "the server picks its most preferred protocol that the client offers",
        arguments: [
            (server: ["h2"], client: ["h2"], expected: "h2"),
            (server: ["h2"], client: ["http/1.1", "h2"], expected: "h2"),
            (server: ["h2", "http/1.1"], client: ["http/1.1", "h2"], expected: "h2"),
            (server: ["h2", "http/1.1"], client: ["http/1.1"], expected: "http/1.1"),
        ])
    func selection(server: [String], client: [String], expected: String) throws {
        let pair = try InMemoryPair(
            client: Configurations.client(applicationProtocols: client),
            server: Configurations.server(applicationProtocols: server))
        pair.pump()
        #expect(pair.serverError == nil)
        #expect(pair.server.negotiatedALPN == expected)
        #expect(pair.client.negotiatedALPN == expected)
    }

    @Test("a client that offers ALPN without h2 is refused with no_application_protocol")
    func clientWithoutH2IsRefused() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(applicationProtocols: ["http/1.1"]), server: Configurations.server())
        pair.pump()
        #expect(pair.server.handshakeState == .failed)
        let serverError = try #require(pair.serverError)
        #expect(serverError.code == .handshakeFailed)
        #expect(serverError.message.contains("no application protocol"))

        #expect(pair.client.handshakeState == .failed)
        let clientError = try #require(pair.clientError)
        #expect(clientError.code == .handshakeFailed)
        #expect(clientError.openSSLErrors.contains { $0.contains("alert no application protocol") })
    }

    @Test("a client that offers no ALPN at all is accepted and nothing is negotiated")
    func clientWithoutALPNIsAccepted() throws {
        let pair = try InMemoryPair(
            client: Configurations.client(applicationProtocols: []), server: Configurations.server())
        pair.pump()
        #expect(pair.serverError == nil)
        #expect(pair.server.handshakeState == .complete)
        #expect(pair.client.handshakeState == .complete)
        #expect(pair.server.negotiatedALPN == nil)
        #expect(pair.client.negotiatedALPN == nil)
    }

    @Test("an empty or over-long protocol name is refused when the context is built")
    func invalidNames() {
        for name in ["", String(repeating: "x", count: 256)] {
            #expect {
                _ = try TLSContext(configuration: Configurations.client(applicationProtocols: [name]))
            } throws: { error in
                (error as? TLSError)?.code == .invalidConfiguration
            }
        }
    }
}
