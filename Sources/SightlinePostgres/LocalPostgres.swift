public import Foundation

/// A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary
/// directory, listening on a free loopback port and on a Unix socket in that directory, trusting
/// local connections, stopped and removed by ``stop()``. PostgreSQL refuses to run as root, so as
/// root (as in CI) the server and its tools run as Debian's unprivileged `postgres` account.
public struct LocalPostgres: Sendable {
    public let directory: URL
    let binaries: URL
    public let port: Int
    let asPostgresUser: Bool

    /// Where the server binaries are (`pg_config --bindir`, which is not on PATH on Debian), or
    /// nil when PostgreSQL is not installed.
    public static func binaries() -> URL? {
        guard let bindir = try? run("/usr/bin/pg_config", ["--bindir"]).trimmingCharacters(in: .whitespacesAndNewlines),
            FileManager.default.isExecutableFile(atPath: bindir + "/initdb")
        else { return nil }
        return URL(fileURLWithPath: bindir)
    }

    /// Starts a server, or returns nil when PostgreSQL is not installed.
    public static func start(sharedBuffers: String = "128MB") throws -> LocalPostgres? {
        guard let binaries = binaries() else { return nil }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = LocalPostgres(
            directory: directory, binaries: binaries, port: try freePort(), asPostgresUser: getuid() == 0)
        if server.asPostgresUser {
            _ = try run("/bin/chown", ["-R", "postgres:postgres", directory.path])
        }
        _ = try server.tool("initdb", ["-D", server.data, "-U", "postgres", "-A", "trust", "--no-instructions"])
        _ = try server.tool(
            "pg_ctl",
            [
                "-D", server.data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-o",
                "-p \(server.port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c shared_buffers=\(sharedBuffers) -c max_wal_size=4GB",
                "start",
            ])
        return server
    }

    var data: String { directory.appendingPathComponent("data").path }

    /// The URL of a database on this server, for `PostgresReadStore.client(url:)`.
    public func url(database: String = "postgres") -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Creates a fresh database and returns its URL.
    public func createDatabase(_ name: String) throws -> String {
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// A loopback port no one listens on now: bound to port 0, read back, released. Also what
    /// the crash harness and the browser tests give the processes they start.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalPostgresError("no socket for a free port: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw LocalPostgresError("could not bind a free port: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs SQL through psql and returns its output.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        try tool(
            "psql",
            [
                "-h", directory.path, "-p", "\(port)", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-qAt", "-c", sql,
            ])
    }

    /// A plain-text dump of a database: what a backup of it holds.
    public func dump(database: String) throws -> String {
        try tool("pg_dump", ["-h", directory.path, "-p", "\(port)", "-U", "postgres", "-d", database])
    }

    /// Loads a dump (from ``dump(database:)``) into a new database and returns its URL.
    public func restore(_ dump: String, as database: String) throws -> String {
        let file = directory.appendingPathComponent("\(database).sql")
        try dump.write(to: file, atomically: true, encoding: .utf8)
        if asPostgresUser { _ = try Self.run("/bin/chown", ["postgres:postgres", file.path]) }
        let url = try createDatabase(database)
        _ = try tool(
            "psql",
            [
                "-h", directory.path, "-p", "\(port)", "-U", "postgres", "-d", database, "-q", "-v", "ON_ERROR_STOP=1",
                "-f", file.path,
            ])
        return url
    }

    public func stop() {
        _ = try? tool("pg_ctl", ["-D", data, "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    private func tool(_ name: String, _ arguments: [String]) throws -> String {
        let path = binaries.appendingPathComponent(name).path
        if asPostgresUser {
            return try Self.run("/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        }
        return try Self.run(path, arguments)
    }

    /// Runs a program to completion and returns its standard output. Output goes through files,
    /// not pipes: `pg_ctl start` leaves a server behind, and a pipe it inherits would never close.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "sightline-run-\(UUID().uuidString)")
        let outputURL = scratch.appendingPathExtension("out")
        let errorURL = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let status = try spawnAndWait(executable, arguments, stdout: outputURL.path, stderr: errorURL.path)
        let output = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw LocalPostgresError("\(executable) \(arguments.prefix(3).joined(separator: " ")) failed: \(errors)")
        }
        return output
    }
}

/// posix_spawn and waitpid: Foundation's `Process` on Linux can miss the exit of a child whose
/// own child (the server `pg_ctl` starts) lives on, and then waits forever.
private func spawnAndWait(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw LocalPostgresError("could not start \(executable): error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw LocalPostgresError("waiting for \(executable) failed: errno \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
}

public struct LocalPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }

    public static let notInstalled = LocalPostgresError("PostgreSQL is not installed (pg_config not found)")
}
