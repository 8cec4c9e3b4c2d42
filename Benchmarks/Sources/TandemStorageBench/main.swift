// TandemStorageBench: the storage side of Tandem under load, for scripts/bench-storage.
//
//   read-server --app-url URL --owner-url URL [--pool N] [--rows N] [--body FILE]
//       Migrates the database (tandem-tasks' migrations, as the owner), adds a bench_items table
//       that follows the tenancy rules (tenant_id leading the key, row-level security forced),
//       fills it with N rows (default 100000) for one tenant, and serves `bench.Items/GetItem`:
//       a point read by id through the whole stack — gRPC, the authenticator (a cached API key),
//       a pooled connection (N, default 8) and a pipelined tenant transaction under RLS. Writes
//       the framed request for h2load to FILE and prints "listening on PORT key SECRET".
//   provision --url-base URL --owner-url-base URL [--count N] [--concurrency N]
//       Starts tandem-tasks, tandem-projects and tandem-notify in this process on the databases
//       tandem_tasks, tandem_projects and tandem_notify under the two base URLs (app and owner
//       role), creates N tenants (default 1000) through TenantAdmin over gRPC, then times the
//       migrations on the clusters now holding them. Prints one JSON object.
//   tasks-server --app-url URL --owner-url URL [--pool N] [--rows N] --dir DIR
//       Migrates, gives one tenant N tasks (default 100000), serves tandem.tasks.v1.TaskService
//       (pool N, default 8; no event subscriber) and writes create.sql, get.sql and list.sql to
//       DIR: pgbench scripts of the very statements the handlers send. Prints
//       "listening on PORT key SECRET task ID".
//   notify-server --app-url URL --owner-url URL [--dispatch-file PATH]
//       Migrates tandem_notify, serves NotificationService with its inbox listener and webhook
//       dispatcher (loopback allowed; with --dispatch-file, only while that file exists); prints
//       "listening on PORT key SECRET pid PID".
//   notify-latency --port N --key SECRET [--rate 200] [--users 50] [--seconds 10]
//       Live subscriptions for N users, Publish at the rate (one event to one user each); prints
//       the latency from the Publish call to the subscriber's receipt, p50 and p99, as JSON.
//   notify-idle --port N --key SECRET [--count 5000] [--connections 50]
//       Opens that many idle subscriptions, prints "open" and holds them.
//   notify-webhooks --port N --key SECRET --url URL [--events 5000]
//       Registers a webhook for URL and publishes EVENTS events to it, 100 per call.
//   tasks-load --port N --key SECRET --rpc create|get|list --task ID [--connections 4] [--streams 50] [--seconds 10]
//              [--callers loop|global]
//       Tandem's gRPC client against that server; prints calls per second, p50 and p99 as JSON. The
//       calling tasks prefer their client's event loop (loop, the default) or run on Swift's global
//       executor (global).
//   schedule --url-base URL --owner-url-base URL [--items 2000] [--connections 2] [--streams 2] [--seconds 10]
//       tandem-tasks and tandem-projects in this process on tandem_tasks and tandem_projects; a
//       project of N work items with about 2.5 links each; GetSchedule through gRPC (the project
//       service reading the tasks from the task service over gRPC); prints JSON with p50 and p99.
//
// TANDEM_EVENT_LOOP_THREADS sets the number of event loops, as it does the services' (default: one
// per core).
import Foundation
import NIOCore

if let text = ProcessInfo.processInfo.environment["TANDEM_EVENT_LOOP_THREADS"] {
    // The services' rule: a whole number from 1 to 256, in digits.
    guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let threads = Int(text),
        (1...256).contains(threads)
    else {
        FileHandle.standardError.write(Data("TANDEM_EVENT_LOOP_THREADS must be a whole number from 1 to 256, not \"\(text)\"\n".utf8))
        exit(2)
    }
    NIOSingletons.groupLoopCountSuggestion = threads
}

func usage() -> Never {
    print(
        """
        usage: TandemStorageBench read-server --app-url URL --owner-url URL [--pool N] [--rows N] [--body FILE]
               TandemStorageBench provision --url-base URL --owner-url-base URL [--count N] [--concurrency N]
               TandemStorageBench tasks-server --app-url URL --owner-url URL [--pool N] [--rows N] --dir DIR
               TandemStorageBench schedule --url-base URL --owner-url-base URL [--items N] [--connections N] [--streams N] [--seconds N]
               TandemStorageBench notify-server --app-url URL --owner-url URL [--dispatch-file PATH]
               TandemStorageBench notify-latency --port N --key SECRET [--rate N] [--users N] [--seconds N]
               TandemStorageBench notify-idle --port N --key SECRET [--count N] [--connections N]
               TandemStorageBench notify-webhooks --port N --key SECRET --url URL [--events N]
               TandemStorageBench tasks-load --port N --key SECRET --rpc create|get|list --task ID [--connections N] [--streams N] [--seconds N] [--callers loop|global]
        """)
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { usage() }
var options: [String: String] = [:]
var index = 1
while index + 1 < arguments.count {
    guard arguments[index].hasPrefix("--") else { usage() }
    options[String(arguments[index].dropFirst(2))] = arguments[index + 1]
    index += 2
}
guard index == arguments.count else { usage() }

switch command {
case "read-server":
    guard let app = options["app-url"], let owner = options["owner-url"] else { usage() }
    try await ReadServer.run(
        appURL: app, ownerURL: owner, pool: Int(options["pool"] ?? "8") ?? 8, rows: Int(options["rows"] ?? "100000") ?? 100_000,
        bodyPath: options["body"] ?? "/tmp/tandem-bench-read.body")
case "provision":
    guard let base = options["url-base"], let ownerBase = options["owner-url-base"] else { usage() }
    try await ProvisioningBench.run(
        urlBase: base, ownerURLBase: ownerBase, count: Int(options["count"] ?? "1000") ?? 1000,
        concurrency: Int(options["concurrency"] ?? "4") ?? 4)
case "tasks-server":
    guard let app = options["app-url"], let owner = options["owner-url"], let dir = options["dir"] else { usage() }
    try await TaskBench.serve(
        appURL: app, ownerURL: owner, pool: Int(options["pool"] ?? "8") ?? 8, rows: Int(options["rows"] ?? "100000") ?? 100_000,
        directory: dir)
case "tasks-load":
    guard let port = options["port"].flatMap(Int.init), let key = options["key"], let rpc = options["rpc"],
        let task = options["task"], let callers = TaskBench.Callers(rawValue: options["callers"] ?? "loop")
    else { usage() }
    try await TaskBench.load(
        port: port, key: key, rpc: rpc, taskID: task, connections: Int(options["connections"] ?? "4") ?? 4,
        streams: Int(options["streams"] ?? "50") ?? 50, seconds: Int(options["seconds"] ?? "10") ?? 10, callers: callers)
case "schedule":
    guard let base = options["url-base"], let ownerBase = options["owner-url-base"] else { usage() }
    try await ScheduleBench.run(
        urlBase: base, ownerURLBase: ownerBase, items: Int(options["items"] ?? "2000") ?? 2000,
        connections: Int(options["connections"] ?? "2") ?? 2, streams: Int(options["streams"] ?? "2") ?? 2,
        seconds: Int(options["seconds"] ?? "10") ?? 10)
case "notify-server":
    guard let app = options["app-url"], let owner = options["owner-url"] else { usage() }
    try await NotifyBench.serve(appURL: app, ownerURL: owner, dispatchFile: options["dispatch-file"])
case "notify-latency":
    guard let port = options["port"].flatMap(Int.init), let key = options["key"] else { usage() }
    try await NotifyBench.latency(
        port: port, key: key, rate: Int(options["rate"] ?? "200") ?? 200, users: Int(options["users"] ?? "50") ?? 50,
        seconds: Int(options["seconds"] ?? "10") ?? 10)
case "notify-webhooks":
    guard let port = options["port"].flatMap(Int.init), let key = options["key"], let url = options["url"] else { usage() }
    try await NotifyBench.webhooks(port: port, key: key, url: url, events: Int(options["events"] ?? "5000") ?? 5000)
case "notify-idle":
    guard let port = options["port"].flatMap(Int.init), let key = options["key"] else { usage() }
    try await NotifyBench.idle(
        port: port, key: key, count: Int(options["count"] ?? "5000") ?? 5000,
        connections: Int(options["connections"] ?? "50") ?? 50)
default:
    usage()
}
