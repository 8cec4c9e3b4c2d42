import TandemGRPC
import TandemInteropSupport
import TandemRPC

/// One named interop check: passes by returning, fails by throwing.
struct Scenario: Sendable {
    let name: String
    let run: @Sendable (ScenarioContext) async throws -> Void
}

/// What every scenario gets: the shared client (one connection) and a way to make another
/// client with other settings.
struct ScenarioContext: Sendable {
    let client: GRPCClient
    /// A second client to the same server; `requestCompression` as given.
    let makeClient: @Sendable (_ requestCompression: Compression?) throws -> GRPCClient
    /// The client certificate's common name the server should report, over mutual TLS.
    let expectedIdentity: String?
}

/// Why a scenario failed, as its `FAIL` line says.
struct ScenarioFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Fails the scenario unless `condition` holds.
func expect(
    _ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String
) throws {
    guard try condition() else { throw ScenarioFailure(message()) }
}

/// Runs `call`, which must fail with `code`; returns its error.
@discardableResult
func expectFailure<T>(
    _ code: Status.Code, _ what: String, _ call: () async throws -> T
) async throws -> RPCError {
    do {
        let result = try await call()
        throw ScenarioFailure("\(what): succeeded (\(result)) where \(code) was expected")
    } catch let error as RPCError {
        guard error.code == code else {
            throw ScenarioFailure("\(what): \(error) where \(code) was expected")
        }
        return error
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes; whether it held.
func eventually(
    within timeout: Duration, _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(50))
    }
}
