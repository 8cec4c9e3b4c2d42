// tandem-conformance: the Swift side of scripts/conformance, which checks TandemWire and
// TandemSchema against the official protobuf implementation. See Tests/Conformance/conformance.py.
import Foundation
import TandemSchema

let usage = """
    usage: tandem-conformance check CORPUS_DIR    check a corpus made by conformance.py generate
           tandem-conformance types               list the message types Schema (and this tool) registers
           tandem-conformance dump TYPE FILE      decode FILE as TYPE and print its canonical dump
    """

/// Decodes a file as the named type and renders its dump, for looking at one case by hand.
func dumpFile<M: ProtoMessage>(_ type: M.Type, _ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "cannot read \(path)" }
    do {
        return try CanonicalValue.dumpMessage(try M(serializedBytes: [UInt8](data))).rendered
    } catch {
        return "\(error)"
    }
}

/// The schema's messages and the test-only ones of Tests/Conformance/proto.
let registered = Schema.messageTypes + CodecMessages.messageTypes
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "check" where arguments.count == 2:
    do {
        let passed = try ConformanceCheck(corpus: arguments[1], registered: registered).run()
        exit(passed ? 0 : 1)
    } catch {
        print("error: \(error)")
        exit(2)
    }
case "types" where arguments.count == 1:
    for type in registered { print(type.protoName) }
case "dump" where arguments.count == 3:
    guard let type = registered.first(where: { $0.protoName == arguments[1] }) else {
        print("no Swift type named \(arguments[1])")
        exit(1)
    }
    print(dumpFile(type, arguments[2]))
default:
    print(usage)
    exit(2)
}
